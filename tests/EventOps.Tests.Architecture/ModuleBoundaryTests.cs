using System.Reflection;
using NetArchTest.Rules;

namespace EventOps.Tests.Architecture;

public sealed class ModuleBoundaryTests
{
    private static readonly string[] Modules = ["Sales", "Checkin", "Scanning"];

    private static Assembly ModuleAssembly(string name) => Assembly.Load($"EventOps.Modules.{name}");

    public static TheoryData<string> ModuleNames() => [.. Modules];

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Module_DoesNotReferenceAnotherModule(string module)
    {
        var others = Modules.Where(m => m != module).Select(m => $"EventOps.Modules.{m}").ToArray();
        var result = Types.InAssembly(ModuleAssembly(module)).ShouldNot().HaveDependencyOnAny(others).GetResult();
        Assert.True(result.IsSuccessful, $"{module} depends on another module: {string.Join(", ", result.FailingTypeNames ?? [])}");
        Assert.DoesNotContain(ModuleAssembly(module).GetReferencedAssemblies(), a => others.Contains(a.Name));
    }

    [Fact]
    public void Shared_ReferencesNoModuleAndNoHost()
    {
        var shared = Assembly.Load("EventOps.Shared");
        var result = Types.InAssembly(shared).ShouldNot().HaveDependencyOnAny("EventOps.Modules", "EventOps.Host").GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Host_ReferencesModulesOnlyForComposition()
    {
        // The module list (ModuleList) names each module class; the Mediator source generator wires their handlers.
        // Nothing else in the Host may reach into a module.
        var host = Assembly.Load("EventOps.Host");
        var result = Types.InAssembly(host)
            .That().DoNotHaveName("ModuleList").And().DoNotResideInNamespace("Mediator")
            .ShouldNot().HaveDependencyOnAny(Modules.Select(m => $"EventOps.Modules.{m}").ToArray())
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
        var moduleList = Types.InAssembly(host).That().HaveName("ModuleList").GetTypes().Single();
        Assert.True(Types.InAssembly(host).That().HaveName("ModuleList").Should().HaveDependencyOnAll("EventOps.Modules.Sales", "EventOps.Modules.Checkin", "EventOps.Modules.Scanning").GetResult().IsSuccessful, moduleList.FullName);
    }
}
