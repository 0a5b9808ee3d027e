using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>The admin's questions page runs the API's rule: a bad question is refused next to its field, a good one is what the API lists; BoxOffice is refused.</summary>
public abstract partial class QuestionPagesTests(HostFixture host) : HostTests(host)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task AdminForm_RefusesAChoiceWithoutOptions_ThenAddsAQuestionTheApiLists()
    {
        var s = await Scenario.CreateAsync(Host);
        var eventId = (await s.Client.GetJsonAsync($"{s.EventBase}/")).Body.Value<long>("id");
        var admin = Host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await StaffLogin.LoginAsync(admin, "admin@example.com", TestStaff.AdminPassword);
        var token = AntiforgeryField().Match(await admin.GetStringAsync($"/Checkin/Questions?eventId={eventId}")).Groups[1].Value;

        Task<HttpResponseMessage> PostAsync(string type, string options) => admin.PostAsync($"/Checkin/Questions?eventId={eventId}", new FormUrlEncodedContent(
        [
            new("Input.Text", "T-shirt size?"), new("Input.Type", type), new("Input.Required", "true"),
            new("Input.Products", s.AdmissionItem.ToString(CultureInfo.InvariantCulture)), new("Input.Options", options), new("__RequestVerificationToken", token),
        ]));

        var refused = await PostAsync("C", "");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("A choice question needs options.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await s.Client.GetJsonAsync($"{s.EventBase}/questions/")).Body.Value<int>("count"));

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("C", "S\nM\nL")).StatusCode);
        var (_, questions) = await s.Client.GetJsonAsync($"{s.EventBase}/questions/");
        Assert.Equal(1, questions.Value<int>("count"));
        Assert.Equal("C", questions.Value<string>("results.0.type"));
        Assert.True(questions.Value<bool>("results.0.required"));
        Assert.Equal(3, questions!["results"]![0]!["options"]!.AsArray().Count);

        var desk = await StaffClient.BoxOfficeAsync(Host);
        var denied = await desk.GetAsync($"/Checkin/Questions?eventId={eventId}");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/Account/Denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QuestionPagesSqliteTests(SqliteHost host) : QuestionPagesTests(host);

[Collection(PostgresCollection.Name)]
public sealed class QuestionPagesPostgresTests(PostgresHost host) : QuestionPagesTests(host);
