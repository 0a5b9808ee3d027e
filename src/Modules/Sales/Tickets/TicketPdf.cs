using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace EventOps.Modules.Sales.Tickets;

/// <summary>Paper sizes the tickets print on: an A4 sheet, or a strip of an 80 mm receipt printer.</summary>
internal enum TicketPaper
{
    A4,
    Receipt80,
}

/// <summary>
/// The tickets of a sale as a PDF, one page each, drawn with PDFsharp (MIT). The QR code is drawn as vector squares
/// from QRCoder's module matrix, so it stays sharp on any printer and needs no image codec.
/// </summary>
internal static class TicketPdf
{
    private const double Mm = 72 / 25.4;

    public static byte[] Render(IReadOnlyList<PrintedTicket> tickets, TicketPaper paper)
    {
        TicketFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = tickets.Count > 0 ? $"Tickets {tickets[0].SaleCode}" : "Tickets";
        document.Info.Creator = "EventOps";
        foreach (var ticket in tickets)
        {
            var page = document.AddPage();
            var receipt = paper == TicketPaper.Receipt80;
            page.Width = XUnit.FromMillimeter(receipt ? 80 : 210);
            page.Height = XUnit.FromMillimeter(receipt ? 170 : 297);
            using var graphics = XGraphics.FromPdfPage(page);
            Draw(graphics, ticket, receipt ? 72 * Mm : 120 * Mm, receipt ? 4 * Mm : 20 * Mm);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(XGraphics g, PrintedTicket ticket, double width, double margin)
    {
        var title = new XFont(TicketFonts.Family, width > 100 * Mm ? 20 : 14, XFontStyleEx.Bold);
        var text = new XFont(TicketFonts.Family, width > 100 * Mm ? 12 : 10);
        var code = new XFont(TicketFonts.Family, width > 100 * Mm ? 22 : 18, XFontStyleEx.Bold);
        var y = margin;

        void Line(string value, XFont font)
        {
            var size = g.MeasureString(value, font);
            g.DrawString(value, font, XBrushes.Black, new XRect(margin, y, width, size.Height), XStringFormats.TopLeft);
            y += size.Height * 1.25;
        }

        Line(ticket.EventName, title);
        Line(ticket.DateText, text);
        Line(ticket.ProductLabel, text);
        if (ticket.Seat is not null)
        {
            Line(ticket.Seat, text);
        }

        Line(ticket.Attendee, text);
        Line($"{ticket.PriceText} · {ticket.SaleCode}", text);
        y += 4 * Mm;
        if (ticket.Admission)
        {
            var side = Math.Min(width, 60 * Mm);
            DrawQr(g, ticket.Secret, margin + ((width - side) / 2), y, side);
            y += side + (3 * Mm);
            var size = g.MeasureString(ticket.CheckInCodeText, code);
            g.DrawString(ticket.CheckInCodeText, code, XBrushes.Black, new XRect(margin, y, width, size.Height), XStringFormats.TopCenter);
            y += size.Height * 1.4;
        }
        else
        {
            Line("No admission", text);
        }

        Line(ticket.PublicId, new XFont(TicketFonts.Family, 8));
    }

    private static void DrawQr(XGraphics g, string secret, double x, double y, double side)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(secret, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = side / matrix.Count;
        var dark = new List<XRect>();
        for (var row = 0; row < matrix.Count; row++)
        {
            for (var column = 0; column < matrix[row].Count; column++)
            {
                if (matrix[row][column])
                {
                    // A hair wider than the module, so neighbouring squares leave no white seams on screen.
                    dark.Add(new XRect(x + (column * module), y + (row * module), module + 0.05, module + 0.05));
                }
            }
        }

        if (dark.Count > 0)
        {
            g.DrawRectangles(XBrushes.Black, [.. dark]);
        }
    }
}
