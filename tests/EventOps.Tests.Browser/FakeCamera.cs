using System.Text;
using QRCoder;

namespace EventOps.Tests.Browser;

/// <summary>
/// A video for chromium's fake camera (<c>--use-file-for-fake-video-capture</c>): a Y4M file (planar YUV 4:2:0) whose
/// frames show a QR code of the given text, black on white and centred, as a ticket held up to a phone would.
/// </summary>
public static class FakeCamera
{
    public static string WriteQrVideo(string text, int width = 640, int height = 480, int frames = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // with its quiet zone
        var modules = matrix.Count;
        var scale = Math.Min(width, height) * 8 / 10 / modules;
        var left = (width - (modules * scale)) / 2;
        var top = (height - (modules * scale)) / 2;
        var luma = new byte[width * height];
        Array.Fill(luma, (byte)235);
        for (var y = 0; y < modules * scale; y++)
        {
            var row = matrix[y / scale];
            for (var x = 0; x < modules * scale; x++)
            {
                if (row[x / scale])
                {
                    luma[((top + y) * width) + left + x] = 16;
                }
            }
        }

        var chroma = new byte[width / 2 * (height / 2)];
        Array.Fill(chroma, (byte)128);
        var path = Path.Combine(Path.GetTempPath(), $"eventops-qr-{Guid.NewGuid():N}.y4m");
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n"));
        for (var i = 0; i < frames; i++)
        {
            file.Write("FRAME\n"u8);
            file.Write(luma);
            file.Write(chroma);
            file.Write(chroma);
        }

        return path;
    }
}
