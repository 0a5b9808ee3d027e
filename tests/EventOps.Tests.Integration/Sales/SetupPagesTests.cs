using System.Net;
using System.Text.RegularExpressions;
using EventOps.Host.Auth;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Sales;

/// <summary>The Admin-only set-up pages: BoxOffice is refused (reading and posting), and a form refused by the API's rule stores nothing.</summary>
public abstract partial class SetupPagesTests(HostFixture host) : HostTests(host)
{
    private static readonly string[] Pages = ["/Sales/Setup/Events", "/Sales/Setup/Event", "/Sales/Setup/Products", "/Sales/Setup/Quotas", "/Sales/Setup/Seating"];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task BoxOffice_CannotOpenOrPostSetUpPages_AndNothingChanges()
    {
        var s = await Scenario.CreateAsync(Host);
        var desk = await LoggedInAsync(StaffRoles.BoxOffice);
        foreach (var page in Pages)
        {
            var response = await desk.GetAsync($"{page}?eventId=1");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        // A valid antiforgery token from a page BoxOffice may use: the refusal is the role's, not a missing token's.
        var token = AntiforgeryField().Match(await desk.GetStringAsync("/Sales/PointOfSale")).Groups[1].Value;
        var eventId = await Host.WithSalesAsync(db => db.Events.Select(e => e.Id).SingleAsync());
        var posts = new (string Path, Dictionary<string, string> Form)[]
        {
            ("/Sales/Setup/Event", new() { ["Input.Name"] = "Sneaky", ["Input.Slug"] = "sneaky", ["Input.DateFrom"] = "2027-01-01T20:00" }),
            ($"/Sales/Setup/Products?eventId={eventId}", new() { ["Input.Name"] = "Sneaky", ["Input.Price"] = "1" }),
            ($"/Sales/Setup/Quotas?eventId={eventId}", new() { ["Input.Name"] = "Sneaky", ["Input.Size"] = "0", ["Input.Items"] = $"{s.AdmissionItem}" }),
        };
        foreach (var (path, form) in posts)
        {
            form["__RequestVerificationToken"] = token;
            var response = await desk.PostAsync(path, new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal((1, 4, 0), await Host.WithSalesAsync(async db => (await db.Events.CountAsync(), await db.Products.CountAsync(), await db.Quotas.CountAsync())));
    }

    [Fact]
    public async Task Admin_QuotaFormRefusedByTheApiRule_ShowsTheFieldErrorAndStoresNothing()
    {
        var s = await Scenario.CreateAsync(Host);
        var admin = await LoggedInAsync(StaffRoles.Admin);
        var eventId = await Host.WithSalesAsync(db => db.Events.Select(e => e.Id).SingleAsync());
        var token = AntiforgeryField().Match(await admin.GetStringAsync($"/Sales/Setup/Quotas?eventId={eventId}")).Groups[1].Value;

        var response = await admin.PostAsync($"/Sales/Setup/Quotas?eventId={eventId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Name"] = "Hall", ["Input.Size"] = "-3", ["Input.Items"] = $"{s.AdmissionItem}",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Ensure this value is greater than or equal to 0.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Hall\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await Host.WithSalesAsync(db => db.Quotas.CountAsync()));

        var ok = await admin.PostAsync($"/Sales/Setup/Quotas?eventId={eventId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Name"] = "Hall", ["Input.Size"] = "3", ["Input.Items"] = $"{s.AdmissionItem}",
        }));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var (_, quotas) = await s.Client.GetJsonAsync($"{s.EventBase}/quotas/");
        Assert.Equal($$"""[{"id":{{quotas.Value<long>("results.0.id")}},"name":"Hall","size":3,"items":[{{s.AdmissionItem}}],"variations":[],"subevent":null}]""", quotas!["results"].Compact());
    }

    private async Task<HttpClient> LoggedInAsync(string role)
    {
        var client = Host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (role == StaffRoles.Admin)
        {
            await StaffLogin.LoginAsync(client, "admin@example.com", TestStaff.AdminPassword);
            return client;
        }

        var email = $"desk-{Guid.NewGuid():N}@example.com";
        await using (var scope = Host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = new IdentityUser { UserName = email, Email = email };
            Assert.True((await users.CreateAsync(user, "BoxOffice-Password-1")).Succeeded);
            await users.AddToRoleAsync(user, role);
        }

        await StaffLogin.LoginAsync(client, email, "BoxOffice-Password-1");
        return client;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SetupPagesSqliteTests(SqliteHost host) : SetupPagesTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SetupPagesPostgresTests(PostgresHost host) : SetupPagesTests(host);
