using QRCoder;

namespace EventOps.Modules.Sales.Areas.Sales.Pages;

/// <summary>The ticket's QR code as inline SVG, drawn on the server: no script, prints sharp at any size.</summary>
internal static class TicketQr
{
    public static string Svg(string secret)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(secret, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
