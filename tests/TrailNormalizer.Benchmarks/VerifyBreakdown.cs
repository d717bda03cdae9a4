using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// Where verify's time goes: every batch of an evidence folder is read again, on one thread, once per step: read +
/// SHA-256 of the object (the baseline), then read + gunzip, then also the line split and Merkle leaf hashes, then also
/// each line's uid / raw record identity. Each pass's CPU time is printed against the baseline's.
/// </summary>
public static class VerifyBreakdown
{
    private enum Step
    {
        ReadAndHash,
        Gunzip,
        Leaves,
        Identity,
    }

    /// <summary>A batch's content, reused (growing a fresh buffer per batch would cost more than the gunzip).</summary>
    private static byte[] _content = new byte[64 << 20];

    public static void Run(string evidence)
    {
        var batches = Directory.EnumerateFiles(Path.Combine(evidence, "events"), "*.ndjson.gz", SearchOption.AllDirectories).ToList();
        Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        double? baseline = null;
        foreach (var step in Enum.GetValues<Step>())
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long lines = batches.Sum(b => Pass(b, step));
            double seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            baseline ??= seconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{step,-12} CPU {seconds,6:N2} s  wall {clock.Elapsed.TotalSeconds,6:N2} s  x{seconds / baseline.Value,5:N2} of read + SHA-256  {lines:N0} lines"));
        }

        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static long Pass(string batch, Step step)
    {
        using var objectHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var file = new FileStream(batch, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        byte[] buffer = new byte[1 << 16];
        if (step == Step.ReadAndHash)
        {
            int n;
            while ((n = file.Read(buffer)) > 0)
            {
                objectHash.AppendData(buffer, 0, n);
            }

            return 0;
        }

        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        int length = 0, read;
        while ((read = gzip.Read(_content.AsSpan(length))) > 0)
        {
            length += read;
            if (length == _content.Length)
            {
                Array.Resize(ref _content, _content.Length * 2);
            }
        }

        if (step == Step.Gunzip)
        {
            return 0;
        }

        long lines = 0;
        var rest = _content.AsSpan(0, length);
        Span<byte> leaf = stackalloc byte[SHA256.HashSizeInBytes];
        using var leafHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        while (rest.IndexOf((byte)'\n') is var newline and >= 0)
        {
            var line = rest[..newline];
            leafHash.AppendData([0]);
            leafHash.AppendData(line);
            leafHash.GetHashAndReset(leaf);
            if (step == Step.Identity)
            {
                EventIdentityReader.Read(line);
            }

            rest = rest[(newline + 1)..];
            lines++;
        }

        return lines;
    }
}
