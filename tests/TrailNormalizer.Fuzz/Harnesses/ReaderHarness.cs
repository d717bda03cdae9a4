using System.Text.Json;
using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>
/// The input reader (<see cref="JsonUnitReader"/>, behind gzip detection) on any bytes, as a JSON file and as NDJSON.
/// Contract: nothing throws; every readable unit is exactly one complete JSON value within the record limit;
/// every failure has a reason and keeps at most the quarantine prefix when truncated; and the units do not
/// depend on how the stream hands out its bytes (read whole or a few bytes at a time).
/// </summary>
public static class ReaderHarness
{
    public static void Run(byte[] input)
    {
        foreach (bool lineMode in new[] { false, true })
        {
            var whole = Read(input, lineMode, chunk: int.MaxValue);
            foreach (var unit in whole)
            {
                Check(unit);
            }

            var trickled = Read(input, lineMode, chunk: 3);
            if (!lineMode && whole.Concat(trickled).Any(u => u.RawTruncated))
            {
                // A value both oversized and malformed outside NDJSON: met first as malformed it is quarantined as a bad line
                // or document, met first as oversized it is stepped over by brackets; the two may disagree on where it ends.
                continue;
            }

            if (Difference(whole, trickled) is { } difference)
            {
                throw new ContractViolationException($"lineMode={lineMode}: reading 3 bytes at a time differs from reading whole: {difference}");
            }
        }
    }

    /// <summary>
    /// The first unit whose place, kind or value bytes depend on how the bytes arrived. Failure wording may differ
    /// (the JSON parser quotes what it had buffered), and so may anything after damaged compressed data, where the
    /// decoder's output before the damage depends on how much input it was given at once. Where reading whole
    /// quarantined the rest of a malformed document, reading in small pieces may have met the same value as an
    /// oversized one first and stepped over it to the next line: it may read more after that, never less.
    /// </summary>
    private static string? Difference(List<InputUnit> whole, List<InputUnit> trickled)
    {
        if (whole.Concat(trickled).Any(u => u.Failure?.Contains("compressed data", StringComparison.Ordinal) == true))
        {
            return null;
        }

        for (int i = 0; i < Math.Max(whole.Count, trickled.Count); i++)
        {
            if (i >= whole.Count && whole.Count > 0 && whole[^1].IsFailure && trickled[whole.Count - 1].IsFailure)
            {
                return null;
            }

            if (i >= whole.Count || i >= trickled.Count)
            {
                return $"{trickled.Count} units instead of {whole.Count}";
            }

            var (a, b) = (whole[i], trickled[i]);
            if (a.Location != b.Location || a.IsFailure != b.IsFailure || (!a.IsFailure && !a.Json.Span.SequenceEqual(b.Json.Span)))
            {
                return $"unit {i}: {Describe(b)} instead of {Describe(a)}";
            }
        }

        return null;
    }

    private static string Describe(InputUnit unit) =>
        $"[{unit.Location}, {unit.Json.Length} bytes, failure '{unit.Failure}', truncated {unit.RawTruncated}, offset {unit.RawOffset}, length {unit.RawLength}]";

    private static List<InputUnit> Read(byte[] input, bool lineMode, int chunk)
    {
        using var stream = InputFiles.MaybeDecompress(new ChunkedStream(input, chunk));
        return JsonUnitReader.Read(stream, "fuzz", FuzzSetup.Limits, lineMode).ToList();
    }

    private static void Check(InputUnit unit)
    {
        var limits = FuzzSetup.Limits;
        if (unit.IsFailure)
        {
            if (string.IsNullOrWhiteSpace(unit.Failure))
            {
                throw new ContractViolationException($"{unit.Location}: a failure without a reason");
            }

            if (unit.RawTruncated ? unit.Json.Length > limits.MaxQuarantineRawBytes : unit.Json.Length > limits.MaxUnitBytes)
            {
                throw new ContractViolationException($"{unit.Location}: a failure keeps {unit.Json.Length} bytes, more than the record limit or the quarantine prefix (truncated: {unit.RawTruncated})");
            }

            if (unit.RawLength is { } length && length < unit.Json.Length)
            {
                throw new ContractViolationException($"{unit.Location}: raw length {length} is less than the {unit.Json.Length} bytes kept");
            }

            return;
        }

        if (unit.Json.Length > limits.MaxUnitBytes)
        {
            throw new ContractViolationException($"{unit.Location}: a {unit.Json.Length}-byte unit passed the {limits.MaxUnitBytes}-byte limit");
        }

        var reader = new Utf8JsonReader(unit.Json.Span, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        try
        {
            if (!reader.Read() || !reader.TrySkip() || reader.BytesConsumed != unit.Json.Length)
            {
                throw new ContractViolationException($"{unit.Location}: the unit is not exactly one JSON value");
            }
        }
        catch (JsonException ex)
        {
            throw new ContractViolationException($"{unit.Location}: a readable unit is not JSON: {ex.Message}");
        }
    }

    /// <summary>A read-only stream over bytes that hands out at most <c>chunk</c> bytes per read, like a slow socket.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, chunk), bytes.Length - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
