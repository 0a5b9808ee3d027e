using System.Net;
using System.Net.Http.Headers;
using EventOps.Shared.Auth;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>
/// Scanner device tokens (issued by the Scanning module: Kind=Device, CanWrite) on the check-in lists API: they read
/// and redeem, within their event or list, and manage nothing. A stand-in token store plays the Scanning module here.
/// </summary>
public abstract class DeviceTokenTests(HostFixture host) : HostTests(host)
{
    private sealed class DeviceTokens : ITokenStore
    {
        public Dictionary<string, TokenIdentity> Known { get; } = [];

        public ValueTask<TokenIdentity?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Known.TryGetValue(tokenHash, out var identity) ? identity : null);
    }

    private static (WebApplicationFactory<Program> Factory, DeviceTokens Tokens) DeviceHost(HostFixture host)
    {
        var tokens = new DeviceTokens();
        var factory = host.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ITokenStore>(tokens)));
        return (factory, tokens);
    }

    private static HttpClient Device(WebApplicationFactory<Program> factory, DeviceTokens tokens, CheckinScenario c, long? eventId = null, long? listId = null)
    {
        var value = SecretTokens.Generate("dev");
        tokens.Known[SecretTokens.Hash(value)] = new TokenIdentity(900, TokenKind.Device, c.S.Organizer.Id, c.S.Organizer.Slug, true, "device:Door 1", 77, Guid.NewGuid(), eventId, listId);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", value);
        return client;
    }

    [Fact]
    public async Task DeviceToken_ReadsAndRedeems_ButManagesNothing()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (factory, tokens) = DeviceHost(Host);
        await using var _ = factory;
        using var device = Device(factory, tokens, c);
        var (_, ticketId, _) = await c.PaidTicketAsync();

        Assert.Equal(HttpStatusCode.OK, (await device.GetJsonAsync(c.Lists)).Status);
        Assert.Equal(HttpStatusCode.OK, (await device.GetJsonAsync($"{c.Lists}{c.DefaultListId}/positions/")).Status);
        Assert.Equal(HttpStatusCode.Created, (await device.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { })).Status);
        Assert.Equal(77, await c.WithCheckinAsync(db => db.Checkins.Where(x => x.TicketId == ticketId).Select(x => x.DeviceId).SingleAsync()));

        Assert.Equal(HttpStatusCode.Forbidden, (await device.PostJsonAsync(c.Lists, new { name = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.PatchJsonAsync($"{c.Lists}{c.DefaultListId}/", new { name = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.SendAsync(HttpMethod.Put, $"{c.Lists}{c.DefaultListId}/", new { name = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.SendAsync(HttpMethod.Delete, $"{c.Lists}{c.DefaultListId}/")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.PostJsonAsync($"{c.S.EventBase}/questions/", new { question = "Q", type = "T", items = new[] { c.S.AdmissionItem } })).Status);
    }

    [Fact]
    public async Task DeviceToken_BoundToAListOrEvent_SeesNothingElse()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var side = await c.CreateListAsync(new { name = "Side door" });
        var (factory, tokens) = DeviceHost(Host);
        await using var _ = factory;
        var eventId = await Host.WithSalesAsync(db => db.Events.Where(e => e.OrganizerId == c.S.Organizer.Id).Select(e => e.Id).SingleAsync());
        using var listDevice = Device(factory, tokens, c, eventId, side);
        using var otherEventDevice = Device(factory, tokens, c, eventId + 1000);
        var (_, ticketId, _) = await c.PaidTicketAsync();

        var (status, lists) = await listDevice.GetJsonAsync(c.Lists);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, lists.Value<int>("count"));
        Assert.Equal(side, lists.Value<long>("results.0.id"));
        Assert.Equal(HttpStatusCode.NotFound, (await listDevice.GetJsonAsync($"{c.Lists}{c.DefaultListId}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await listDevice.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { })).Status);
        Assert.Equal(HttpStatusCode.Created, (await listDevice.PostJsonAsync(c.Redeem(side, ticketId), new { })).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await otherEventDevice.GetJsonAsync(c.Lists)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherEventDevice.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { })).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DeviceTokenSqliteTests(SqliteHost host) : DeviceTokenTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DeviceTokenPostgresTests(PostgresHost host) : DeviceTokenTests(host);
