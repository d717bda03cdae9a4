using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Core.Input;

/// <summary>
/// Splits a stream of JSON text into units without holding more than one unit in memory:
/// the elements of a top-level <c>{"Records":[...]}</c> or <c>[...]</c> are streamed one by one,
/// and every other top-level value (one document, NDJSON lines, concatenated values) is one unit.
/// A malformed line in a multi-value stream is quarantined and reading resumes at the next line;
/// a malformed single document is quarantined from the point of failure to the end.
/// </summary>
public sealed class JsonUnitReader
{
    // CloudTrail log files say "Records"; Azure Monitor diagnostic logs in storage say "records".
    private static readonly byte[] RecordsName = "\"Records\""u8.ToArray();
    private static readonly byte[] LowerRecordsName = "\"records\""u8.ToArray();

    private readonly ByteWindow _window;
    private readonly string _source;
    private readonly InputLimits _limits;
    private readonly JsonReaderOptions _options;
    private readonly bool _transient;
    private bool _lineMode;
    private long _line = 1;
    private bool _readErrorReported;
    private bool _finished;

    private JsonUnitReader(Stream stream, string source, InputLimits limits, bool lineMode, bool transient)
    {
        _transient = transient;
        _window = new ByteWindow(stream);
        _source = source;
        _limits = limits;
        _lineMode = lineMode;
        _options = new JsonReaderOptions { MaxDepth = limits.MaxDepth, CommentHandling = JsonCommentHandling.Disallow };
    }

    /// <summary>Reads every unit of <paramref name="stream"/>; <paramref name="lineMode"/> is the NDJSON hint from the file name.</summary>
    public static IEnumerable<InputUnit> Read(Stream stream, string source, InputLimits limits, bool lineMode) =>
        new JsonUnitReader(stream, source, limits, lineMode, transient: false).ReadAll();

    /// <summary>
    /// Like <see cref="Read"/>, without a copy per unit: a readable unit's bytes are the reader's own window, valid only until
    /// the next unit is asked for (the window then moves on and is refilled). For callers that route each unit before reading
    /// the next, or copy it (<see cref="Pipeline.OrderedRouteStage.Submit"/>). Failed units own their bytes as with <see cref="Read"/>.
    /// </summary>
    internal static IEnumerable<InputUnit> ReadTransient(Stream stream, string source, InputLimits limits, bool lineMode) =>
        new JsonUnitReader(stream, source, limits, lineMode, transient: true).ReadAll();

    private IEnumerable<InputUnit> ReadAll()
    {
        SkipByteOrderMark();
        int values = 0;
        while (!_finished && SkipWhitespace())
        {
            byte first = _window.Span[_window.Start];
            string location = $"{_source}:line {_line}";

            if (first == (byte)'[')
            {
                Advance(_window.Start + 1);
                foreach (var unit in ReadArrayElements($"{_source}#", location))
                {
                    yield return unit;
                }

                values++;
                continue;
            }

            if (first == (byte)'{' && !_lineMode && values == 0 && TryEnterRecordsArray() is { } member)
            {
                foreach (var unit in ReadArrayElements($"{_source}#{member}", location))
                {
                    yield return unit;
                }

                foreach (var unit in ReadRestOfLogFileObject())
                {
                    yield return unit;
                }

                values++;
                continue;
            }

            var capture = Capture(topLevel: true);
            switch (capture.Kind)
            {
                case CaptureKind.Complete:
                    yield return InputUnit.Value(UnitBytes(capture.Length), location);
                    Advance(_window.Start + capture.Length);
                    values++;
                    break;
                case CaptureKind.Oversize:
                    yield return capture.Unit(location);
                    values++;
                    if (capture.Fatal)
                    {
                        yield break;
                    }

                    break;
                default:
                    if (_lineMode || values > 0 || FirstLineLooksLikeARecord())
                    {
                        _lineMode = true;
                        yield return QuarantineLine(capture.Error!, location);
                        values++;
                    }
                    else
                    {
                        yield return QuarantineRest(capture.Error!, location);
                        yield break;
                    }

                    break;
            }
        }

        if (_window.ReadError is not null && !_readErrorReported)
        {
            yield return InputUnit.Failed(_window.ReadError, ReadOnlyMemory<byte>.Empty, $"{_source}@byte {_window.Absolute(_window.Start)}");
        }

    }

    private IEnumerable<InputUnit> ReadArrayElements(string prefix, string containerLocation)
    {
        int index = 0;
        while (true)
        {
            if (!SkipWhitespace())
            {
                yield return QuarantineRest("input ends inside an array (truncated file?)", containerLocation);
                yield break;
            }

            byte next = _window.Span[_window.Start];
            if (next == (byte)']')
            {
                Advance(_window.Start + 1);
                yield break;
            }

            if (index > 0)
            {
                if (next != (byte)',')
                {
                    yield return QuarantineRest($"expected ',' or ']' after element {index - 1}", $"{prefix}[{index}]");
                    yield break;
                }

                Advance(_window.Start + 1);
                if (!SkipWhitespace())
                {
                    yield return QuarantineRest("input ends inside an array (truncated file?)", $"{prefix}[{index}]");
                    yield break;
                }
            }

            string location = $"{prefix}[{index}]";
            var capture = Capture(topLevel: false);
            if (capture.Kind == CaptureKind.Complete)
            {
                yield return InputUnit.Value(UnitBytes(capture.Length), location);
                Advance(_window.Start + capture.Length);
            }
            else if (capture.Kind == CaptureKind.Oversize)
            {
                yield return capture.Unit(location);
                if (capture.Fatal)
                {
                    yield break;
                }
            }
            else
            {
                yield return QuarantineRest(capture.Error!, location);
                yield break;
            }

            index++;
        }
    }

    /// <summary>
    /// After the Records array the log file object should close. Any other member is kept as one
    /// quarantine entry rather than dropped, since it is not a record.
    /// </summary>
    private IEnumerable<InputUnit> ReadRestOfLogFileObject()
    {
        if (_finished)
        {
            yield break;
        }

        if (!SkipWhitespace())
        {
            yield return QuarantineRest("input ends inside the log file object (truncated file?)", _source);
            yield break;
        }

        if (_window.Span[_window.Start] == (byte)'}')
        {
            Advance(_window.Start + 1);
            yield break;
        }

        yield return QuarantineRest("log file object has members after its records array that are not records", _source);
    }

    /// <summary>When the object at the window's start opens with a records array, enters it and returns the member's name.</summary>
    private string? TryEnterRecordsArray()
    {
        int from = _window.Start;
        int pos = from + 1;
        if (!SkipWhitespaceAt(ref pos, ref from, mayDrop: false) || !HasBytes(ref pos, ref from, RecordsName.Length))
        {
            return null;
        }

        var name = _window.Span.Slice(pos, RecordsName.Length);
        string? member = name.SequenceEqual(RecordsName) ? "Records" : name.SequenceEqual(LowerRecordsName) ? "records" : null;
        if (member is null)
        {
            return null;
        }

        pos += RecordsName.Length;
        if (!SkipWhitespaceAt(ref pos, ref from, mayDrop: false) || _window.Span[pos] != (byte)':')
        {
            return null;
        }

        pos++;
        if (!SkipWhitespaceAt(ref pos, ref from, mayDrop: false) || _window.Span[pos] != (byte)'[')
        {
            return null;
        }

        Advance(pos + 1);
        return member;
    }

    /// <summary>
    /// Finds the extent of the JSON value at the window's start, reading more as needed. A <paramref name="topLevel"/>
    /// value (a line, not an array element) that is too large to hold ends at a raw line break inside a string, and
    /// in NDJSON is the whole line.
    /// </summary>
    private Capture Capture(bool topLevel)
    {
        int from = _window.Start;
        while (true)
        {
            var reader = new Utf8JsonReader(_window.Span[from..], _window.Eof, new JsonReaderState(_options));
            try
            {
                if (reader.Read() && reader.TrySkip())
                {
                    if (reader.BytesConsumed > _limits.MaxUnitBytes)
                    {
                        return topLevel && _lineMode ? SkipOversized(from, topLevel) : Oversize(from, (int)reader.BytesConsumed);
                    }

                    return new Capture(CaptureKind.Complete, (int)reader.BytesConsumed, null, default, false);
                }
            }
            catch (JsonException ex)
            {
                string reason = DescribeJsonError(ex, from);
                if (_window.Eof && ex.Message.Contains("end of data", StringComparison.Ordinal))
                {
                    reason = ReadErrorOr("input ends inside a JSON value (truncated file?); " + reason);
                }

                return new Capture(CaptureKind.Malformed, 0, reason, default, false);
            }

            if (_window.Eof)
            {
                return new Capture(CaptureKind.Malformed, 0, ReadErrorOr("input ends inside a JSON value (truncated file?)"), default, false);
            }

            if (_window.End - from >= _limits.MaxUnitBytes)
            {
                return SkipOversized(from, topLevel);
            }

            int keep = from;
            _window.Start = from;
            _window.Fill(ref keep, _limits.MaxUnitBytes + 1);
            from = keep;
        }
    }

    /// <summary>The bytes of the value at the window's start: the window itself when transient, else a copy.</summary>
    private ReadOnlyMemory<byte> UnitBytes(int length)
    {
        var bytes = _window.Slice(_window.Start, length);
        return _transient ? bytes : bytes.ToArray();
    }

    private Capture Oversize(int from, int length)
    {
        var prefix = _window.Slice(from, Math.Min(length, _limits.MaxQuarantineRawBytes)).ToArray();
        long offset = _window.Absolute(from);
        Advance(from + length);
        return new Capture(CaptureKind.Oversize, length, null, OversizedUnit(prefix, offset, length, ended: true), false);
    }

    /// <summary>
    /// Streams past a value too large to hold, however large, keeping a prefix for the quarantine entry: the value's
    /// end is found by <see cref="ValueSkipper"/>, so reading resumes exactly at the next record.
    /// </summary>
    private Capture SkipOversized(int from, bool topLevel)
    {
        _window.Start = from;
        var prefix = _window.Slice(from, Math.Min(_window.End - from, _limits.MaxQuarantineRawBytes)).ToArray();
        long startOffset = _window.Absolute(from);
        var skipper = new ValueSkipper(stopAtLineBreakInString: topLevel, stopAtAnyLineBreak: topLevel && _lineMode);
        int pos = from;
        while (true)
        {
            int used = skipper.Scan(_window.Span[pos..]);
            if (used >= 0)
            {
                pos += used;
                long size = _window.Absolute(pos) - startOffset;
                Advance(pos);
                return new Capture(CaptureKind.Oversize, 0, null, OversizedUnit(prefix, startOffset, size, ended: true), false);
            }

            pos = _window.End;
            Advance(pos);
            int keep = pos;
            if (!_window.Fill(ref keep, _limits.MaxUnitBytes))
            {
                long size = _window.Absolute(_window.End) - startOffset;
                return new Capture(CaptureKind.Oversize, 0, null, OversizedUnit(prefix, startOffset, size, ended: false), Fatal: true);
            }

            pos = keep;
        }
    }

    private InputUnit OversizedUnit(byte[] prefix, long offset, long size, bool ended)
    {
        string reason = ended
            ? $"value of {size} bytes at byte {offset} exceeds the {_limits.MaxUnitBytes}-byte limit per record; the first {prefix.Length} bytes kept"
            : ReadErrorOr($"input ends inside an oversized value (truncated file?) starting at byte {offset}, {size} bytes read; the first {prefix.Length} bytes kept");
        return InputUnit.Failed(reason, prefix, "", rawTruncated: true) with { RawOffset = offset, RawLength = size };
    }

    private InputUnit QuarantineLine(string reason, string location)
    {
        int keep = _window.Start;
        while (true)
        {
            int newline = _window.Span[keep..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = BadLine(reason, TrimCarriageReturn(_window.Slice(keep, newline).ToArray()), keep, location);
                Advance(keep + newline + 1);
                return line;
            }

            if (_window.End - keep >= _limits.MaxUnitBytes || !_window.Fill(ref keep, _limits.MaxUnitBytes))
            {
                if (_window.Eof)
                {
                    var line = BadLine(reason, _window.Slice(keep, _window.End - keep).ToArray(), keep, location);
                    Advance(_window.End);
                    return line;
                }

                var prefix = _window.Slice(keep, Math.Min(_window.End - keep, _limits.MaxQuarantineRawBytes)).ToArray();
                SkipToNextLine(keep);
                return InputUnit.Failed(reason + "; line exceeds the per-record limit", prefix, location, rawTruncated: true);
            }
        }
    }

    /// <summary>A malformed line: whole when within the record limit, else its quarantine prefix, offset and length.</summary>
    private InputUnit BadLine(string reason, byte[] raw, int start, string location) =>
        raw.Length <= _limits.MaxUnitBytes
            ? InputUnit.Failed(reason, raw, location)
            : InputUnit.Failed(reason + "; line exceeds the per-record limit", raw.AsMemory(0, Math.Min(raw.Length, _limits.MaxQuarantineRawBytes)), location, rawTruncated: true)
                with { RawOffset = _window.Absolute(start), RawLength = raw.Length };

    private void SkipToNextLine(int pos)
    {
        _window.Start = pos;
        while (true)
        {
            int newline = _window.Span[_window.Start..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Advance(_window.Start + newline + 1);
                return;
            }

            int keep = _window.End;
            _window.Start = keep;
            if (!_window.Fill(ref keep, _limits.MaxUnitBytes))
            {
                return;
            }
        }
    }

    /// <summary>Quarantines everything from the window's start to the end of the input (raw bytes bounded).</summary>
    private InputUnit QuarantineRest(string reason, string location)
    {
        int keep = _window.Start;
        while (_window.End - keep < _limits.MaxQuarantineRawBytes && _window.Fill(ref keep, _limits.MaxQuarantineRawBytes))
        {
        }

        int length = Math.Min(_window.End - keep, _limits.MaxQuarantineRawBytes);
        var raw = _window.Slice(keep, length).ToArray();
        long total = _window.End - keep;
        while (true)
        {
            int end = _window.End;
            _window.Start = end;
            if (!_window.Fill(ref end, 64 * 1024))
            {
                break;
            }

            total += _window.End - end;
        }

        _window.Start = _window.End;
        _finished = true;
        if (_window.ReadError is not null)
        {
            reason = $"{reason}; {_window.ReadError}";
            _readErrorReported = true;
        }

        bool truncated = total > length;
        string suffix = truncated ? $"; {total} bytes to the end of the input, the first {length} kept" : "";
        return InputUnit.Failed(reason + suffix, raw, location, truncated);
    }

    private bool FirstLineLooksLikeARecord()
    {
        int keep = _window.Start;
        while (true)
        {
            var rest = _window.Span[keep..];
            int newline = rest.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = rest[..newline].TrimEnd(" \t\r"u8);
                return line.Length > 1 && line[^1] is (byte)'}' or (byte)']';
            }

            if (!_window.Fill(ref keep, _limits.MaxUnitBytes))
            {
                return false;
            }
        }
    }

    private void SkipByteOrderMark()
    {
        int keep = 0;
        while (_window.End < 3 && _window.Fill(ref keep, _limits.MaxUnitBytes))
        {
        }

        if (_window.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            _window.Start = 3;
        }
    }

    /// <summary>Moves past whitespace, reading more as needed; false at the end of the input.</summary>
    private bool SkipWhitespace()
    {
        int pos = _window.Start;
        int keep = pos;
        bool found = SkipWhitespaceAt(ref pos, ref keep, mayDrop: true);
        Advance(pos);
        return found;
    }

    /// <summary>
    /// Moves <paramref name="pos"/> past whitespace. With <paramref name="mayDrop"/> the skipped bytes
    /// are released; otherwise everything from <paramref name="keep"/> stays in the window.
    /// </summary>
    private bool SkipWhitespaceAt(ref int pos, ref int keep, bool mayDrop)
    {
        while (true)
        {
            var span = _window.Span;
            while (pos < span.Length && span[pos] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                pos++;
            }

            if (pos < span.Length)
            {
                return true;
            }

            int before = keep;
            if (mayDrop)
            {
                // Nothing before pos is needed any more: drop it while reading on.
                CountLines(_window.Start, pos);
                _window.Start = pos;
                keep = pos;
                before = pos;
            }

            bool more = _window.Fill(ref keep, _limits.MaxUnitBytes);
            pos -= before - keep;
            if (!more)
            {
                return false;
            }
        }
    }

    private bool HasBytes(ref int pos, ref int keep, int count)
    {
        while (_window.End - pos < count)
        {
            int before = keep;
            bool more = _window.Fill(ref keep, _limits.MaxUnitBytes);
            pos -= before - keep;
            if (!more)
            {
                return false;
            }
        }

        return true;
    }

    private void Advance(int to)
    {
        CountLines(_window.Start, to);
        _window.Start = to;
    }

    private void CountLines(int from, int to)
    {
        if (to > from)
        {
            _line += _window.Span[from..to].Count((byte)'\n');
        }
    }

    private string DescribeJsonError(JsonException ex, int from)
    {
        string detail = ex.Message;
        int cut = detail.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            detail = detail[..cut];
        }

        return $"malformed JSON (value starting at byte {_window.Absolute(from)}): {detail.TrimEnd('.', ' ')}";
    }

    private string ReadErrorOr(string reason)
    {
        if (_window.ReadError is null)
        {
            return reason;
        }

        _readErrorReported = true;
        return $"{_window.ReadError}; {reason}";
    }

    private static byte[] TrimCarriageReturn(byte[] raw) =>
        raw.Length > 0 && raw[^1] == (byte)'\r' ? raw[..^1] : raw;
}

internal enum CaptureKind
{
    Complete,
    Oversize,
    Malformed,
}

/// <summary>The outcome of trying to read one complete JSON value from the window.</summary>
internal readonly record struct Capture(CaptureKind Kind, int Length, string? Error, InputUnit Quarantined, bool Fatal)
{
    public InputUnit Unit(string location) =>
        InputUnit.Failed(Quarantined.Failure!, Quarantined.Json, location, Quarantined.RawTruncated) with { RawOffset = Quarantined.RawOffset, RawLength = Quarantined.RawLength };
}
