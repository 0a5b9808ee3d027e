using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EventOps.Modules.Sales.Domain;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Tests.Integration.Sales;

/// <summary>Seed 001: PATCH /api/tickets/{sale_id} with X-API-Key, answered to the letter.</summary>
public abstract class SaleActionsTests(HostFixture host) : HostTests(host)
{
    private const string Invalid = """{"message":"The given data was invalid.","errors":{"action":["The selected action is invalid."]}}""";

    public static TheoryData<string, string, string> EveryActionFromEveryStatus()
    {
        var data = new TheoryData<string, string, string>();
        var moves = new Dictionary<(string, string), string>
        {
            [("unpaid", "mark_paid")] = "paid",
            [("pending", "mark_paid")] = "paid",
            [("paid", "mark_unpaid")] = "unpaid",
            [("cancelled", "mark_unpaid")] = "unpaid",
            [("paid", "refund")] = "refunded",
            [("unpaid", "cancel")] = "cancelled",
            [("paid", "cancel")] = "cancelled",
        };
        foreach (var status in new[] { "pending", "unpaid", "paid", "refunded", "cancelled", "expired" })
        {
            foreach (var action in new[] { "mark_paid", "mark_unpaid", "refund", "cancel", "delete", "mark_used", "mark_unused" })
            {
                data.Add(status, action, moves.GetValueOrDefault((status, action), status));
            }
        }

        return data;
    }

    private static HttpClient ApiKeyClient(HostFixture host, string token)
    {
        var client = host.Client();
        client.DefaultRequestHeaders.Add("X-API-Key", token);
        return client;
    }

    [Theory]
    [MemberData(nameof(EveryActionFromEveryStatus))]
    public async Task Action_FromStatus_AnswersAndPersistsTheMachineResult(string from, string action, string expected)
    {
        var scenario = await Scenario.CreateAsync(Host);
        Assert.True(SaleWords.TryParseStatus(from, out var status));
        var saleId = await scenario.SaleInStatusAsync(status);
        var client = ApiKeyClient(Host, scenario.Organizer.WriteToken);

        var (code, body) = await client.PatchJsonAsync($"/api/tickets/{saleId}", new { action });

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal($$$"""{"data":{"id":{{{saleId}}},"status":"{{{expected}}}"}}""", body.Compact());
        var saleCode = await Host.WithSalesAsync(db => db.Sales.Where(s => s.Id == saleId).Select(s => s.Code).SingleAsync());
        var order = await scenario.GetOrderAsync(saleCode);
        Assert.Equal(expected, order.Value<string>("status"));
        Assert.Equal(action == "delete", order.Value<bool>("is_deleted"));
    }

    [Fact]
    public async Task Refund_RecordsWhoChangedWhat()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");
        var id = order.Value<long>("id");
        await ApiKeyClient(Host, scenario.Organizer.WriteToken).PatchJsonAsync($"/api/tickets/{id}", new { action = "refund" });

        var history = await Host.WithSalesAsync(db => db.StatusChanges.Where(c => c.SaleId == id).OrderBy(c => c.Id).ToListAsync());
        Assert.Equal(["create", "refund"], history.Select(h => h.Trigger));
        Assert.Equal(SaleStatus.Refunded, history[^1].To);
        Assert.Equal("token:tests write", history[^1].Actor);
    }

    [Fact]
    public async Task Action_ByCode_AndWithHolderUpdate_ChangesNameAndEmail()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("manual");
        var code = order.Value<string>("code");

        var (status, body) = await ApiKeyClient(Host, scenario.Organizer.WriteToken)
            .PatchJsonAsync($"/api/tickets/{code}", new { action = "mark_paid", name = "Updated Name", email = "newemail@example.com" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("paid", body.Value<string>("data.status"));
        var after = await scenario.GetOrderAsync(code);
        Assert.Equal("Updated Name", after.Value<string>("name"));
        Assert.Equal("newemail@example.com", after.Value<string>("email"));
    }

    [Fact]
    public async Task InvalidTransition_Answers200Unchanged_AndDoesNotTouchHolder()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("manual");

        var (status, body) = await ApiKeyClient(Host, scenario.Organizer.WriteToken)
            .PatchJsonAsync($"/api/tickets/{order.Value<long>("id")}", new { action = "refund", name = "Someone Else" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("unpaid", body.Value<string>("data.status"));
        Assert.Equal("Ada Lovelace", (await scenario.GetOrderAsync(order.Value<string>("code"))).Value<string>("name"));
    }

    [Fact]
    public async Task DeletedSale_RefusesFurtherActions()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");
        var client = ApiKeyClient(Host, scenario.Organizer.WriteToken);
        var url = $"/api/tickets/{order.Value<long>("id")}";

        await client.PatchJsonAsync(url, new { action = "delete" });
        var (status, body) = await client.PatchJsonAsync(url, new { action = "refund" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("paid", body.Value<string>("data.status"));
        Assert.True((await scenario.GetOrderAsync(order.Value<string>("code"))).Value<bool>("is_deleted"));
    }

    public static TheoryData<string> InvalidActionBodies() =>
    [
        "{}",
        """{"action":"Refund"}""",
        """{"action":"REFUND"}""",
        """{"action":"pay"}""",
        """{"action":"expire"}""",
        """{"action":null}""",
        """{"action":42}""",
        """{"action":["refund"]}""",
        "not json",
        "[]",
        "",
        """{"action":"refund\u0000"}""",
    ];

    [Theory]
    [MemberData(nameof(InvalidActionBodies))]
    public async Task BadAction_Is422WithTheSeedShape_AndChangesNothing(string payload)
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");

        var (status, body) = await ApiKeyClient(Host, scenario.Organizer.WriteToken)
            .SendAsync(HttpMethod.Patch, $"/api/tickets/{order.Value<long>("id")}", Api.Raw(payload));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(Invalid, body.Compact());
        Assert.Equal("paid", (await scenario.GetOrderAsync(order.Value<string>("code"))).Value<string>("status"));
    }

    [Theory]
    [InlineData("""{"action":"refund","email":"not-an-email"}""", "email", "The email field must be a valid email address.")]
    [InlineData("""{"action":"refund","email":42}""", "email", "The email field must be a string.")]
    [InlineData("""{"action":"refund","name":{"first":"x"}}""", "name", "The name field must be a string.")]
    public async Task BadHolderField_Is422NamingTheField(string payload, string field, string message)
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");

        var (status, body) = await ApiKeyClient(Host, scenario.Organizer.WriteToken)
            .SendAsync(HttpMethod.Patch, $"/api/tickets/{order.Value<long>("id")}", Api.Raw(payload));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("The given data was invalid.", body.Value<string>("message"));
        Assert.Equal(message, body!["errors"]![field]![0]!.GetValue<string>());
        Assert.Equal("paid", (await scenario.GetOrderAsync(order.Value<string>("code"))).Value<string>("status"));
    }

    [Fact]
    public async Task OverlongName_Is422_AndNothingChanges()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");

        var (status, body) = await ApiKeyClient(Host, scenario.Organizer.WriteToken)
            .PatchJsonAsync($"/api/tickets/{order.Value<long>("id")}", new { action = "refund", name = new string('x', 256) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("The name field must not be greater than 255 characters.", body!["errors"]!["name"]![0]!.GetValue<string>());
        Assert.Equal("paid", (await scenario.GetOrderAsync(order.Value<string>("code"))).Value<string>("status"));
    }

    [Fact]
    public async Task MissingOrInvalidOrReadOnlyKey_Is403Unauthorized()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");
        var url = $"/api/tickets/{order.Value<long>("id")}";
        var body = new { action = "refund" };

        foreach (var client in new[] { Host.Client(), ApiKeyClient(Host, "eo_not-a-real-token"), ApiKeyClient(Host, scenario.Organizer.ReadToken) })
        {
            var (status, answer) = await client.PatchJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("""{"error":"Unauthorized"}""", answer.Compact());
        }

        Assert.Equal("paid", (await scenario.GetOrderAsync(order.Value<string>("code"))).Value<string>("status"));
    }

    [Fact]
    public async Task SaleOfAnotherOrganizer_Is403_AndUnknownSaleIs404()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");
        var other = await Host.CreateOrganizerAsync("other");
        var client = ApiKeyClient(Host, other.WriteToken);

        var (status, body) = await client.PatchJsonAsync($"/api/tickets/{order.Value<long>("id")}", new { action = "refund" });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("""{"error":"Unauthorized"}""", body.Compact());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchJsonAsync($"/api/tickets/{order.Value<string>("code")}", new { action = "refund" })).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchJsonAsync("/api/tickets/999999", new { action = "refund" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchJsonAsync("/api/tickets/NOSUCHCODE", new { action = "refund" })).Status);
        Assert.Equal("paid", (await scenario.GetOrderAsync(order.Value<string>("code"))).Value<string>("status"));
    }

    [Fact]
    public async Task EveryTokenHeader_IsAccepted()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("manual");
        var url = $"/api/tickets/{order.Value<long>("id")}";
        var bearer = Host.Client(scenario.Organizer.WriteToken, "Bearer");
        var token = Host.Client(scenario.Organizer.WriteToken, "Token");

        Assert.Equal("paid", (await bearer.PatchJsonAsync(url, new { action = "mark_paid" })).Body.Value<string>("data.status"));
        Assert.Equal("unpaid", (await token.PatchJsonAsync(url, new { action = "mark_unpaid" })).Body.Value<string>("data.status"));
    }

    [Fact]
    public async Task ConcurrentRefunds_OneWins_NoLostUpdate()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");
        var id = order.Value<long>("id");

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            ApiKeyClient(Host, scenario.Organizer.WriteToken).PatchJsonAsync($"/api/tickets/{id}", new { action = "refund" })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.Equal("refunded", a.Body.Value<string>("data.status")));
        var refunds = await Host.WithSalesAsync(db => db.StatusChanges.CountAsync(c => c.SaleId == id && c.Trigger == "refund"));
        Assert.Equal(1, refunds);
    }

    [Fact]
    public async Task ConcurrentCancelAndRefund_ExactlyOneApplies()
    {
        var scenario = await Scenario.CreateAsync(Host);
        var order = await scenario.OrderAsync("cash");
        var id = order.Value<long>("id");

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            ApiKeyClient(Host, scenario.Organizer.WriteToken).PatchJsonAsync($"/api/tickets/{id}", new { action = i % 2 == 0 ? "refund" : "cancel" })));

        var final = (await scenario.GetOrderAsync(order.Value<string>("code"))).Value<string>("status");
        Assert.Contains(final, new[] { "refunded", "cancelled" });
        var changes = await Host.WithSalesAsync(db => db.StatusChanges.CountAsync(c => c.SaleId == id && c.Trigger != "create"));
        Assert.Equal(1, changes);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SaleActionsSqliteTests(SqliteHost host) : SaleActionsTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SaleActionsPostgresTests(PostgresHost host) : SaleActionsTests(host);
