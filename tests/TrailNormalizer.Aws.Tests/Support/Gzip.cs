using System.IO.Compression;
using System.Text;

namespace TrailNormalizer.Aws.Tests.Support;

public static class Gzip
{
    public static byte[] Compress(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
