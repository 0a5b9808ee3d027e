using PdfSharp.Fonts;

namespace EventOps.Modules.Sales.Tickets;

/// <summary>
/// PDFsharp 6 finds no system fonts on Linux and needs a resolver. The ticket fonts (DejaVu Sans, regular and bold,
/// under the Bitstream Vera licence in Fonts/LICENSE-DejaVu.txt) are embedded in this assembly rather than read from
/// /usr/share/fonts: a PDF then renders the same on any machine or container image, with no install step to forget.
/// </summary>
internal sealed class TicketFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp keeps it in a static); a resolver set by someone else stays.</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            GlobalFontSettings.FontResolver ??= new TicketFonts();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase)
            ? new FontResolverInfo(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic)
            : null;

    public byte[]? GetFont(string faceName)
    {
        if (faceName is not (Regular or Bold))
        {
            return null;
        }

        using var stream = typeof(TicketFonts).Assembly.GetManifestResourceStream($"EventOps.Modules.Sales.Tickets.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The embedded font {faceName} is missing from the Sales assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
