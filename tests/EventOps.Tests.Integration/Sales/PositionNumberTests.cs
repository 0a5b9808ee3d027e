using System.Net;
using System.Text.Json.Nodes;
using EventOps.Shared.Contracts.Sales;
using EventOps.Tests.Integration.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Sales;

/// <summary>
/// A ticket's position number (pretix <c>positionid</c>) is given once, when its sale is written, and every surface
/// reads that number: the order API, FindTicket and FindTickets, a sale's tickets and the event's positions.
/// </summary>
public abstract class PositionNumberTests(HostFixture host) : HostTests(host)
{
    private async Task<T> SendAsync<T>(IRequest<T> request)
    {
        await using var scope = Host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    private static int[] Numbers(JsonNode order) => [.. order["positions"]!.AsArray().Select(p => p.Value<int>("positionid"))];

    private static long[] Ids(JsonNode order) => [.. order["positions"]!.AsArray().Select(p => p.Value<long>("id"))];

    /// <summary>Every way Sales answers a position number, for each ticket of the sale in id order.</summary>
    private async Task<int[][]> NumbersEverywhereAsync(Scenario s, JsonNode order)
    {
        var saleId = order.Value<long>("id");
        var shown = await s.GetOrderAsync(order.Value<string>("code")!);
        var ids = Ids(shown).Order().ToArray();
        var byId = shown["positions"]!.AsArray().ToDictionary(p => p.Value<long>("id"), p => p.Value<int>("positionid"));
        var texts = ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var found = await SendAsync(new FindTickets(s.Organizer.Id, texts, TicketIdentifierKind.Id));
        var singles = new List<int>();
        foreach (var text in texts)
        {
            singles.Add((await SendAsync(new FindTicket(s.Organizer.Id, text, TicketIdentifierKind.Id)))!.PositionId);
        }

        var ofSale = (await SendAsync(new GetSaleTickets(s.Organizer.Id, saleId))).ToDictionary(t => t.TicketId, t => t.PositionId);
        var eventId = await Host.WithSalesAsync(db => db.Sales.Where(x => x.Id == saleId).Select(x => x.EventId).SingleAsync());
        var positions = (await SendAsync(new GetEventPositions(s.Organizer.Id, eventId, SaleId: saleId))).ToDictionary(p => p.TicketId, p => p.PositionId);
        return
        [
            [.. ids.Select(id => byId[id])],
            [.. texts.Select(t => found[t].PositionId)],
            [.. singles],
            [.. ids.Select(id => ofSale[id])],
            [.. ids.Select(id => positions[id])],
        ];
    }

    [Fact]
    public async Task Positions_AreNumberedOneToNInCreationOrder_PerSale()
    {
        var s = await Scenario.CreateAsync(Host);
        var first = await s.OrderAsync("cash", "web", s.AdmissionItem, s.DayPassItem, s.ShirtItem, s.AdmissionItem);
        var second = await s.OrderAsync("cash", "web", s.AdmissionItem, s.AdmissionItem);

        Assert.Equal([1, 2, 3, 4], Numbers(first));
        Assert.Equal([1, 2], Numbers(second));
        Assert.Equal(Ids(first).Order(), Ids(first));
        Assert.All(await NumbersEverywhereAsync(s, first), numbers => Assert.Equal([1, 2, 3, 4], numbers));
        Assert.All(await NumbersEverywhereAsync(s, second), numbers => Assert.Equal([1, 2], numbers));
    }

    [Fact]
    public async Task VoidingOnePosition_AndCancellingTheSale_LeaveEveryNumberAsItWas()
    {
        var s = await Scenario.CreateAsync(Host);
        var order = await s.OrderAsync("cash", "web", s.AdmissionItem, s.AdmissionItem, s.DayPassItem);
        var ids = Ids(order);

        Assert.Equal(VoidTicketOutcome.Voided, await SendAsync(new VoidTicket(s.Organizer.Id, ids[0], "tester")));
        var voided = await s.GetOrderAsync(order.Value<string>("code")!);
        Assert.True(voided.Value<bool>("positions.0.voided"));
        Assert.Equal([1, 2, 3], Numbers(voided));
        Assert.All(await NumbersEverywhereAsync(s, order), numbers => Assert.Equal([1, 2, 3], numbers));

        var client = Host.Client();
        client.DefaultRequestHeaders.Add("X-API-Key", s.Organizer.WriteToken);
        var (status, body) = await client.SendAsync(HttpMethod.Patch, $"/api/tickets/{order.Value<long>("id")}", new { action = "cancel" });
        Assert.True(status == HttpStatusCode.OK, body.Compact());
        var cancelled = await s.GetOrderAsync(order.Value<string>("code")!);
        Assert.Equal("cancelled", cancelled.Value<string>("status"));
        Assert.Equal([1, 2, 3], Numbers(cancelled));
        Assert.All(await NumbersEverywhereAsync(s, order), numbers => Assert.Equal([1, 2, 3], numbers));

        // A later sale numbers its own positions from 1: numbers are per sale, not taken from the cancelled one.
        var later = await s.OrderAsync("cash", "web", s.AdmissionItem, s.AdmissionItem);
        Assert.Equal([1, 2], Numbers(later));
    }

    /// <summary>
    /// pretix numbers positions as the request lists them, and <c>addon_to</c> names the parent by that number. The
    /// parent row is written first (the add-on's key points at it), so the ids run the other way here: counted in id
    /// order, as before the number was stored, the add-on would have been 2 and its parent 1.
    /// </summary>
    [Fact]
    public async Task AnAddonListedBeforeItsParent_KeepsTheNumberTheRequestGaveIt()
    {
        var s = await Scenario.CreateAsync(Host);
        var (_, category) = await s.Client.PostJsonAsync($"{s.EventBase}/categories/", new { name = "Extras", is_addon = true });
        var (_, drink) = await s.Client.PostJsonAsync($"{s.EventBase}/items/", new { name = "Drink voucher", default_price = "4.00", admission = false, category = category.Value<long>("id") });
        var (patched, _) = await s.Client.PatchJsonAsync($"{s.EventBase}/items/{s.AdmissionItem}/", new { addons = new[] { new { addon_category = category.Value<long>("id"), min_count = 0, max_count = 1 } } });
        Assert.Equal(HttpStatusCode.OK, patched);

        var (status, order) = await s.Client.PostJsonAsync($"{s.EventBase}/orders/", new
        {
            email = "ada@example.com", payment_provider = "cash",
            positions = new object[] { new { item = drink.Value<long>("id"), addon_to = 2 }, new { item = s.AdmissionItem } },
        });
        Assert.True(status == HttpStatusCode.Created, order.Compact());
        Assert.Equal([1, 2], Numbers(order!));
        Assert.Equal(drink.Value<long>("id"), order.Value<long>("positions.0.item"));
        Assert.Equal(order.Value<long>("positions.1.id"), order.Value<long>("positions.0.addon_to"));
        Assert.All(await NumbersEverywhereAsync(s, order!), numbers => Assert.Equal([2, 1], numbers));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PositionNumberSqliteTests(SqliteHost host) : PositionNumberTests(host);

[Collection(PostgresCollection.Name)]
public sealed class PositionNumberPostgresTests(PostgresHost host) : PositionNumberTests(host);
