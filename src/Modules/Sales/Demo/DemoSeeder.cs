using System.Diagnostics;
using EventOps.Modules.Sales.Domain;
using EventOps.Modules.Sales.Inventory;
using EventOps.Modules.Sales.Orders;
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
internal sealed class DemoSeeder(
    SalesDbContext db, Capacity capacity, SaleCreator creator, TimeProvider clock, IPublisher publisher, IConfiguration configuration, ILogger<DemoSeeder> logger)
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
        total += await SeedTourAsync(organizer.Id, venue.Id, tomorrow, cancellationToken);
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
                    var ticket = TicketCodes.AddTicket(sale, product, name);
                    ticket.CheckInCode = Unique(checkInCodes, TicketCodes.NewCheckInCode);
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

    /// <summary>
    /// Bulk-seeded sales go through the one capacity check too, a chunk at a time: the places of its live sales are
    /// claimed in the transaction that writes them (a chunk that does not fit is not written).
    /// </summary>
    private async Task FlushAsync(int written, int total, CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        var live = db.ChangeTracker.Entries<Ticket>().Select(e => e.Entity).Where(t => t.Sale is { IsDeleted: false } sale && SaleActions.SaleStatusChanger.HoldsPlaces(sale.Status)).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var byEvent in live.GroupBy(t => t.EventId))
        {
            if (await capacity.ClaimAsync(byEvent.Key, [.. byEvent.Select(t => new Place(t.ProductId, t.VariationId, t.SubEventId, t.SeatId))], null, cancellationToken) is { } full)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                logger.LogWarning("Demo data: a chunk of sales did not fit ({Reason}); skipped", full);
                return;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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

    /// <summary>
    /// A series with three dates (CONTRACT.md demo data): a product with two variations and a drink add-on, a reserved
    /// seat in a hall of 2 rows of 10 per date, quotas per date (the first nearly sold out); its sales are made through
    /// <see cref="SaleCreator"/> like any other.
    /// </summary>
    private async Task<int> SeedTourAsync(long organizerId, long venueId, DateTimeOffset tomorrow, CancellationToken cancellationToken)
    {
        var friday = tomorrow.Date.AddDays(((int)DayOfWeek.Friday - (int)tomorrow.DayOfWeek + 7) % 7 + 7);
        var first = new DateTimeOffset(friday.AddHours(20), TimeSpan.Zero);
        var tour = new Event
        {
            OrganizerId = organizerId, Slug = "demo-tour", Name = "Demo Tour", DateFrom = first, DateTo = first.AddDays(2).AddHours(2), VenueId = venueId, HasSubevents = true,
        };
        db.Events.Add(tour);
        await db.SaveChangesAsync(cancellationToken);
        var dates = Enumerable.Range(0, 3)
            .Select(d => new SubEvent { EventId = tour.Id, Name = first.AddDays(d).ToString("dddd", System.Globalization.CultureInfo.InvariantCulture), DateFrom = first.AddDays(d), DateTo = first.AddDays(d).AddHours(2) })
            .ToList();
        var extras = new ProductCategory { EventId = tour.Id, Name = "Extras", IsAddon = true };
        db.SubEvents.AddRange(dates);
        db.Categories.Add(extras);
        await db.SaveChangesAsync(cancellationToken);

        var concert = new Product { EventId = tour.Id, Name = "Concert Ticket", DefaultPrice = 35m, Admission = true };
        concert.Variations.Add(new ProductVariation { Value = "Adult" });
        concert.Variations.Add(new ProductVariation { Value = "Student", DefaultPrice = 22m });
        concert.Addons.Add(new ProductAddon { AddonCategoryId = extras.Id, MinCount = 0, MaxCount = 2 });
        var drink = new Product { EventId = tour.Id, Name = "Drink Voucher", DefaultPrice = 5m, Admission = false, CategoryId = extras.Id };
        var reserved = new Product { EventId = tour.Id, Name = "Reserved Seat", DefaultPrice = 59m, Admission = true };
        db.Products.AddRange(concert, drink, reserved);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var row in new[] { "A", "B" })
        {
            for (var number = 1; number <= 10; number++)
            {
                db.Seats.Add(new Seat { EventId = tour.Id, SeatGuid = $"{row}{number}", Name = $"Row {row}, Seat {number}", Row = row, Number = $"{number}", Zone = "Stalls", ProductId = reserved.Id });
            }
        }

        foreach (var (date, index) in dates.Select((d, i) => (d, i)))
        {
            var standing = new Quota { EventId = tour.Id, SubEventId = date.Id, Name = $"Standing {date.Name}", Size = index == 0 ? 12 : 50 };
            standing.Products.Add(new QuotaProduct { ProductId = concert.Id });
            var seated = new Quota { EventId = tour.Id, SubEventId = date.Id, Name = $"Seats {date.Name}", Size = 20 };
            seated.Products.Add(new QuotaProduct { ProductId = reserved.Id });
            db.Quotas.AddRange(standing, seated);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await publisher.Publish(new EventCreated(organizerId, tour.Id, tour.Slug), cancellationToken);

        var adult = concert.Variations[0].Id;
        var student = concert.Variations[1].Id;
        var sales = 0;
        async Task SellAsync(string buyer, string channel, params PositionRequest[] positions)
        {
            var result = await creator.CreateAsync(
                new NewSale(organizerId, tour.Id, $"{buyer.Split(' ')[0].ToLowerInvariant()}@example.com", buyer, channel, "cash", positions), "system:demo", cancellationToken);
            if (result.Sale is null)
            {
                logger.LogWarning("Demo data: tour sale refused: {Errors}", string.Join("; ", result.Errors.SelectMany(e => e.Value)));
                return;
            }

            sales++;
            db.ChangeTracker.Clear();
        }

        // The first date's standing quota: 10 of 12 sold, so the till shows 2 left.
        for (var i = 0; i < 5; i++)
        {
            var buyer = $"{FirstNames[i]} {LastNames[i]}";
            await SellAsync(buyer, i % 2 == 0 ? "web" : "box_office",
                new PositionRequest(concert.Id, buyer, VariationId: adult, SubEventId: dates[0].Id),
                new PositionRequest(concert.Id, null, VariationId: i % 2 == 0 ? student : adult, SubEventId: dates[0].Id),
                new PositionRequest(drink.Id, SubEventId: dates[0].Id, AddonTo: 1));
        }

        await SellAsync("Grace Hopper", "box_office",
            new PositionRequest(reserved.Id, "Grace Hopper", SeatGuid: "A1", SubEventId: dates[0].Id),
            new PositionRequest(reserved.Id, "Alan Turing", SeatGuid: "A2", SubEventId: dates[0].Id));
        await SellAsync("Hedy Lamarr", "pos", new PositionRequest(reserved.Id, "Hedy Lamarr", SeatGuid: "B5", SubEventId: dates[1].Id));
        await SellAsync("Ken Thompson", "web", new PositionRequest(concert.Id, "Ken Thompson", VariationId: student, SubEventId: dates[2].Id));
        return sales;
    }
}
