using System.Diagnostics;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Persistence;
using EventOps.Modules.Sales.Tokens;
using EventOps.Shared.Contracts.Sales;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EventOps.Modules.Sales.Demo;

/// <summary>
/// The demo data of CONTRACT.md. Runs only when the database has no organizer, so it is idempotent; two Hosts
/// seeding at once collide on the organizer's unique slug and the loser stands down.
/// </summary>
internal sealed class DemoSeeder(SalesDbContext db, TimeProvider clock, IPublisher publisher, IConfiguration configuration, ILogger<DemoSeeder> logger)
{
    public const string OrganizerSlug = "demo";
    private const int ChunkSize = 1000;

    private static readonly SaleStatus[] StatusCycle =
        [SaleStatus.Paid, SaleStatus.Paid, SaleStatus.Paid, SaleStatus.Unpaid, SaleStatus.Pending, SaleStatus.Refunded, SaleStatus.Cancelled, SaleStatus.Expired];

    private static readonly string[] FirstNames = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances", "Ken", "Radia", "Tim", "Hedy"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Ritchie", "Allen", "Thompson", "Perlman", "Berners-Lee", "Lamarr"];

    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Organizers.AnyAsync(cancellationToken))
        {
            logger.LogInformation("Demo data: the database already has an organizer, nothing to seed");
            return false;
        }

        var salesPerEvent = configuration.GetValue("Demo:SalesPerEvent", 48);
        var stopwatch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        var organizer = new Organizer { Slug = OrganizerSlug, Name = "Demo Organizer" };
        db.Organizers.Add(organizer);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            logger.LogInformation("Demo data: another instance is seeding, standing down");
            return false;
        }

        var venue = new Venue { OrganizerId = organizer.Id, Name = "Demo Hall", City = "Berlin" };
        db.Venues.Add(venue);
        foreach (var channel in SalesChannel.Defaults)
        {
            db.SalesChannels.Add(new SalesChannel { OrganizerId = organizer.Id, Identifier = channel, Name = channel.Replace('_', ' ') });
        }

        var tomorrow = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(9), TimeSpan.Zero);
        var events = new[]
        {
            new Event { OrganizerId = organizer.Id, Slug = "demo-conf", Name = "Demo Conference", DateFrom = tomorrow, DateTo = tomorrow.AddHours(9), Venue = venue },
            new Event { OrganizerId = organizer.Id, Slug = "demo-night", Name = "Demo Night", DateFrom = tomorrow.AddMonths(1).AddHours(10), DateTo = tomorrow.AddMonths(1).AddHours(15), Venue = venue },
        };
        db.Events.AddRange(events);

        var configuredToken = configuration["Demo:ApiToken"];
        var (token, value) = ApiTokenStore.Issue(organizer.Id, "demo", canWrite: true, now);
        if (!string.IsNullOrWhiteSpace(configuredToken))
        {
            token.TokenHash = EventOps.Shared.Auth.SecretTokens.Hash(configuredToken);
        }

        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(configuredToken))
        {
            // Shown once, like a token created through the API; only its hash is stored.
            logger.LogWarning("Demo data: generated read-write API token for organizer {Organizer}: {ApiToken}", OrganizerSlug, value);
        }

        var products = new List<Product>();
        foreach (var e in events)
        {
            products.Add(new Product { EventId = e.Id, Name = "General Admission", DefaultPrice = 49m, Admission = true, MultiscanLimit = 1 });
            products.Add(new Product { EventId = e.Id, Name = "Day Pass", DefaultPrice = 89m, Admission = true, MultiscanLimit = 3 });
            products.Add(new Product { EventId = e.Id, Name = "T-Shirt", DefaultPrice = 25m, Admission = false, MultiscanLimit = 1 });
        }

        db.Products.AddRange(products);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var e in events)
        {
            await publisher.Publish(new EventCreated(organizer.Id, e.Id, e.Slug), cancellationToken);
        }

        var total = salesPerEvent * events.Length;
        await SeedSalesAsync(organizer.Id, events, products, salesPerEvent, now, cancellationToken);
        logger.LogInformation("Demo data: seeded organizer {Organizer} with {Sales} sales in {Elapsed} ms", OrganizerSlug, total, stopwatch.ElapsedMilliseconds);
        return true;
    }

    private async Task SeedSalesAsync(long organizerId, Event[] events, List<Product> products, int salesPerEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var channels = SalesChannel.Defaults;
        var total = salesPerEvent * events.Length;
        var written = 0;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var checkInCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var eventProducts = products.Where(p => p.EventId == e.Id).ToArray();
            for (var i = 0; i < salesPerEvent; i++)
            {
                var status = StatusCycle[i % StatusCycle.Length];
                var channel = channels[i % channels.Length];
                var provider = status == SaleStatus.Pending ? "bank_transfer" : channel == "web" ? "manual" : "cash";
                var name = $"{FirstNames[i % FirstNames.Length]} {LastNames[(i / FirstNames.Length) % LastNames.Length]}";
                var sale = new Sale
                {
                    OrganizerId = organizerId,
                    EventId = e.Id,
                    Code = Unique(codes, TicketCodes.NewSaleCode),
                    Email = $"buyer{e.Id}-{i}@example.com",
                    Name = name,
                    Status = status,
                    IsDeleted = i % 97 == 96,
                    PaymentProvider = provider,
                    SalesChannel = channel,
                    Expires = status == SaleStatus.Pending ? now.AddDays(3) : null,
                    CreatedAt = now.AddMinutes(-i),
                    UpdatedAt = now.AddMinutes(-i),
                };
                var count = 1 + (i % 3);
                for (var p = 0; p < count; p++)
                {
                    var product = eventProducts[(i + p) % eventProducts.Length];
                    var ticket = TicketCodes.NewTicket(sale, product, name, null);
                    ticket.CheckInCode = Unique(checkInCodes, TicketCodes.NewCheckInCode);
                    sale.Tickets.Add(ticket);
                    sale.Total += product.DefaultPrice;
                }

                db.Sales.Add(sale);
                db.StatusChanges.Add(new SaleStatusChange { Sale = sale, Trigger = "seed", From = status, To = status, Actor = "system:demo", At = sale.CreatedAt });
                written++;
                if (written % ChunkSize == 0)
                {
                    await FlushAsync(written, total, cancellationToken);
                }
            }
        }

        await FlushAsync(written, total, cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    private async Task FlushAsync(int written, int total, CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogInformation("Demo data: {Written}/{Total} sales", written, total);
    }

    private static string Unique(HashSet<string> seen, Func<string> next)
    {
        string value;
        do
        {
            value = next();
        }
        while (!seen.Add(value));
        return value;
    }
}
