using System.Net;
using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Exports;
using EventOps.Shared.Contracts.Checkin;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Tests.Integration.Checkin;

/// <summary>The check-ins of one list as a CSV, offered on the check-in lists page; ticket details come from Sales.</summary>
public abstract class CheckinExportTests(HostFixture host) : HostTests(host)
{
    private static readonly string[] Header =
        ["datetime", "type", "result", "ticket", "sale_code", "attendee", "product", "variation", "date", "seat", "by", "device", "auto_checked_in", "forced", "reverted"];

    [Fact]
    public async Task CheckinsCsv_HasEveryScanOfTheList_WithTheTicketAsSalesDescribesIt()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var (order, ticketId, _) = await c.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.Created, (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { })).Status);
        Assert.Equal("already_redeemed", (await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, ticketId), new { })).Body.Value<string>("reason"));
        var (_, unknown) = await c.Client.PostJsonAsync(c.Redeem(c.DefaultListId, "no-such-ticket"), new { });
        var publicId = order.Value<string>("positions.0.public_id");
        var desk = await StaffClient.BoxOfficeAsync(Host);

        var page = await desk.GetStringAsync($"/Checkin/Lists?eventId={await EventIdAsync(c)}");
        Assert.Contains($"/Checkin/Lists?handler=Checkins&amp;listId={c.DefaultListId}", page, StringComparison.Ordinal);

        var response = await desk.GetAsync($"/Checkin/Lists?handler=Checkins&listId={c.DefaultListId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"checkins-conf-{c.DefaultListId}.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var rows = Csv.Parse((await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.Equal(Header, rows[0]);
        Assert.Equal(3, rows.Count - 1);

        var ok = rows[1];
        Assert.Equal(["entry", "ok", publicId, order.Value<string>("code"), "Ada Lovelace", "General Admission", ""], ok[1..8]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", ok[0]);
        Assert.NotEmpty(ok[10]);
        Assert.Equal(["no", "no", "no"], ok[12..]);
        Assert.Equal(["entry", "already_redeemed", publicId], rows[2][1..4]);
        Assert.Equal(unknown.Value<string>("reason"), rows[3][2]);
        Assert.Equal("no-such-ticket", rows[3][3]);
        Assert.Equal("", rows[3][4]);
    }

    [Fact]
    public async Task CheckinsCsv_LongerThanOneBatch_KeepsEveryRowAndItsTicket()
    {
        var c = await CheckinScenario.CreateAsync(Host);
        var tickets = new List<(long Id, string PublicId)>();
        for (var i = 0; i < 3; i++)
        {
            var (order, id, _) = await c.PaidTicketAsync();
            tickets.Add((id, order.Value<string>("positions.0.public_id")));
        }

        var count = (CheckinRows.BatchSize * 2) + 500;
        var organizerId = c.S.Organizer.Id;
        var eventId = await EventIdAsync(c);
        await c.WithCheckinAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                db.Checkins.Add(new EventOps.Modules.Checkin.Domain.Checkin
                {
                    OrganizerId = organizerId, EventId = eventId, ListId = c.DefaultListId, TicketId = tickets[i % 3].Id, Type = CheckinType.Entry,
                    Successful = false, ErrorReason = "already_redeemed", Datetime = Host.Clock.GetUtcNow(), ServerTime = Host.Clock.GetUtcNow(),
                    Surface = "tests", Actor = $"scanner {i}",
                });
            }

            return await db.SaveChangesAsync();
        });

        var admin = await StaffClient.AdminAsync(Host);
        var rows = Csv.Parse((await admin.GetStringAsync($"/Checkin/Lists?handler=Checkins&listId={c.DefaultListId}")).TrimStart('\uFEFF'));
        Assert.Equal(count, rows.Count - 1);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(tickets[i % 3].PublicId, rows[i + 1][3]);
            Assert.Equal($"scanner {i}", rows[i + 1][10]);
        }
    }

    [Fact]
    public async Task CheckinsCsv_OfAnUnknownList_Is404()
    {
        var admin = await StaffClient.AdminAsync(Host);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Checkin/Lists?handler=Checkins&listId=999999")).StatusCode);
    }

    private static Task<long> EventIdAsync(CheckinScenario c) =>
        c.S.Host.WithSalesAsync(db => db.Events.Where(e => e.OrganizerId == c.S.Organizer.Id && e.Slug == c.S.EventSlug).Select(e => e.Id).SingleAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class CheckinExportSqliteTests(SqliteHost host) : CheckinExportTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CheckinExportPostgresTests(PostgresHost host) : CheckinExportTests(host);
