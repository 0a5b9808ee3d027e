using QRCoder;

namespace EventOps.Modules.Scanning.Areas.Scanning.Pages;

/// <summary>The pairing link as an inline SVG QR, drawn on the server: no script, and the token never leaves the page.</summary>
internal static class PairingQr
{
    public static string Svg(string link)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(link, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
