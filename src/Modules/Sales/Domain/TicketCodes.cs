using System.Security.Cryptography;

namespace EventOps.Modules.Sales.Domain;

/// <summary>Generators for the identifiers of CONTRACT.md, all from the OS CSPRNG.</summary>
internal static class TicketCodes
{
    // No 0/O/1/I: codes are read aloud and typed at the door.
    public const string CheckInAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const string SecretAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string PublicAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>32 characters of 36: 165 bits, URL-safe, fits a small QR code.</summary>
    public static string NewSecret() => RandomNumberGenerator.GetString(SecretAlphabet, 32);

    /// <summary>12 characters of 31: about 59 bits, enough that public ids cannot be enumerated.</summary>
    public static string NewPublicId() => RandomNumberGenerator.GetString(PublicAlphabet, 12);

    public static string NewCheckInCode() => RandomNumberGenerator.GetString(CheckInAlphabet, 8);

    /// <summary>Order codes as box office staff say them: 7 letters and digits.</summary>
    public static string NewSaleCode() => RandomNumberGenerator.GetString(CheckInAlphabet, 7);

    /// <summary>Normalises a typed check-in code: upper case, without the display dash and spaces.</summary>
    public static string NormalizeCheckInCode(string code) =>
        code.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    public static string DisplayCheckInCode(string code) => code.Length == 8 ? $"{code[..4]}-{code[4..]}" : code;

    /// <summary>
    /// A new ticket appended to a sale being created, numbered by its place in the sale's list (pretix <c>positionid</c>:
    /// the request's order). The list must hold all of the sale's tickets; no path adds positions to a written sale.
    /// </summary>
    public static Ticket AddTicket(Sale sale, Product product, string? attendeeName, Inventory.Place? place = null, decimal? price = null)
    {
        var ticket = new Ticket
        {
            Sale = sale,
            PositionId = sale.Tickets.Count + 1,
            OrganizerId = sale.OrganizerId,
            EventId = sale.EventId,
            ProductId = product.Id,
            Uuid = Guid.NewGuid(),
            PublicId = NewPublicId(),
            Secret = NewSecret(),
            CheckInCode = NewCheckInCode(),
            AttendeeName = attendeeName,
            SubEventId = place?.SubEventId,
            VariationId = place?.VariationId,
            SeatId = place?.SeatId,
            Price = price ?? product.DefaultPrice,
        };
        sale.Tickets.Add(ticket);
        return ticket;
    }
}
