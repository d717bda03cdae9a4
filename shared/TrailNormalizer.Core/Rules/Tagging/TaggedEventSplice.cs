using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>
/// The fast path of <see cref="TaggedEventWriter"/> for events as the OCSF writer writes them (no whitespace between
/// members, no <c>\u</c> or <c>\/</c> escape): the event's members are copied as byte ranges found by
/// <see cref="CompactJson"/>, and only <c>severity_id</c>, <c>severity</c>, <c>metadata.labels</c> and
/// <c>enrichments</c> are written anew, so a matched event is not tokenized a second time. It gives the bytes of the
/// validating path or returns false (nothing usable written) for anything else, which then takes that path.
/// </summary>
internal static class TaggedEventSplice
{
    [ThreadStatic]
    private static HashSet<string>? t_labels;

    [ThreadStatic]
    private static List<string>? t_existing;

    public static bool TryWrite(ReadOnlySpan<byte> json, IReadOnlyList<SigmaRule> matched, ArrayBufferWriter<byte> output, Utf8JsonWriter w)
    {
        if (json.Length < 2 || json[0] != (byte)'{' || json[^1] != (byte)'}'
            || json.IndexOf("\\u"u8) >= 0 || json.IndexOf("\\/"u8) >= 0)
        {
            return false;
        }

        int? severity = null;
        bool wroteEnrichments = false;
        bool first = true;
        output.Write("{"u8);
        int pos = 1;
        while (json[pos] != (byte)'}' || pos != json.Length - 1)
        {
            if (!NextMember(json, ref pos, out ReadOnlySpan<byte> name, out int valueStart, out int valueEnd))
            {
                return false;
            }

            ReadOnlySpan<byte> value = json[valueStart..valueEnd];
            Separator(output, ref first);
            if (name.SequenceEqual("severity_id"u8) || name.SequenceEqual("severity"u8))
            {
                if (name.Length == "severity_id".Length && !IsNumberStart(value[0]))
                {
                    return false;
                }

                severity ??= Severity(json, valueStart - name.Length - 3, matched);
                if (severity < 0)
                {
                    return false;
                }

                WriteSeverity(output, w, name.Length == "severity_id".Length, severity.Value);
            }
            else if (name.SequenceEqual("metadata"u8))
            {
                if (!WriteMetadata(value, matched, output, w))
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("enrichments"u8))
            {
                if (!WriteEnrichments(value, matched, output))
                {
                    return false;
                }

                wroteEnrichments = true;
            }
            else
            {
                output.Write(json[(valueStart - name.Length - 3)..valueEnd]);
            }
        }

        if (!wroteEnrichments)
        {
            Separator(output, ref first);
            if (!WriteEnrichments("[]"u8, matched, output))
            {
                return false;
            }
        }

        output.Write("}"u8);
        return true;
    }

    /// <summary>Reads the member at <paramref name="pos"/> (a name, a colon, a value) and moves past it and its comma.</summary>
    private static bool NextMember(ReadOnlySpan<byte> json, ref int pos, out ReadOnlySpan<byte> name, out int valueStart, out int valueEnd)
    {
        name = default;
        valueStart = valueEnd = -1;
        if (json[pos] != (byte)'"')
        {
            return false;
        }

        int nameEnd = CompactJson.StringEnd(json, pos);
        if (nameEnd < 0 || nameEnd >= json.Length || json[nameEnd] != (byte)':')
        {
            return false;
        }

        name = json[(pos + 1)..(nameEnd - 1)];
        valueStart = nameEnd + 1;
        valueEnd = CompactJson.ValueEnd(json, valueStart);
        if (valueEnd < 0 || valueEnd >= json.Length)
        {
            return false;
        }

        pos = valueEnd;
        if (json[pos] == (byte)',')
        {
            pos++;
            return pos < json.Length && json[pos] == (byte)'"';
        }

        return json[pos] == (byte)'}';
    }

    private static bool IsNumberStart(byte b) => b == (byte)'-' || char.IsAsciiDigit((char)b);

    private static void Separator(ArrayBufferWriter<byte> output, ref bool first)
    {
        if (!first)
        {
            output.Write(","u8);
        }

        first = false;
    }

    /// <summary>
    /// The event's <c>severity_id</c> (the first one from the member at <paramref name="from"/> on) raised to the highest
    /// matched level; -1 when that member is not a number (the validating path reports it).
    /// </summary>
    private static int Severity(ReadOnlySpan<byte> json, int from, IReadOnlyList<SigmaRule> matched)
    {
        int current = 0;
        int pos = from;
        while (pos < json.Length - 1)
        {
            if (!NextMember(json, ref pos, out ReadOnlySpan<byte> name, out int valueStart, out int valueEnd))
            {
                return -1;
            }

            if (name.SequenceEqual("severity_id"u8))
            {
                var reader = new Utf8JsonReader(json[valueStart..valueEnd]);
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
                {
                    return -1;
                }

                current = reader.TryGetInt32(out int id) && id is >= 0 and <= 6 ? id : 0;
                break;
            }
        }

        int highest = 0;
        foreach (var rule in matched)
        {
            highest = Math.Max(highest, rule.SeverityId);
        }

        return Math.Max(current, highest);
    }

    private static void WriteSeverity(ArrayBufferWriter<byte> output, Utf8JsonWriter w, bool isId, int severity)
    {
        if (isId)
        {
            output.Write("\"severity_id\":"u8);
            Utf8Formatter.TryFormat(severity, output.GetSpan(11), out int written);
            output.Advance(written);
            return;
        }

        output.Write("\"severity\":"u8);
        w.Reset(output);
        w.WriteStringValue(OcsfEnums.SeverityCaption(severity));
        w.Flush();
    }

    /// <summary><c>"metadata":{…}</c> with its members copied in order except <c>labels</c> arrays, then the labels at the end.</summary>
    private static bool WriteMetadata(ReadOnlySpan<byte> metadata, IReadOnlyList<SigmaRule> matched, ArrayBufferWriter<byte> output, Utf8JsonWriter w)
    {
        if (metadata[0] != (byte)'{')
        {
            return false;
        }

        List<string> existing = t_existing ??= [];
        existing.Clear();
        output.Write("\"metadata\":{"u8);
        bool first = true;
        int pos = 1;
        while (pos != metadata.Length - 1)
        {
            if (!NextMember(metadata, ref pos, out ReadOnlySpan<byte> name, out int valueStart, out int valueEnd))
            {
                return false;
            }

            if (name.SequenceEqual("labels"u8) && metadata[valueStart] == (byte)'[')
            {
                if (!ReadLabels(metadata[valueStart..valueEnd], existing))
                {
                    return false;
                }

                continue;
            }

            Separator(output, ref first);
            output.Write(metadata[(valueStart - name.Length - 3)..valueEnd]);
        }

        Separator(output, ref first);
        output.Write("\"labels\":"u8);
        WriteLabels(w, output, existing, matched);
        output.Write("}"u8);
        return true;
    }

    private static bool ReadLabels(ReadOnlySpan<byte> array, List<string> labels)
    {
        var reader = new Utf8JsonReader(array);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    labels.Add(reader.GetString()!);
                    break;
                case JsonTokenType.Null:
                    labels.Add("");
                    break;
                default:
                    return false; // not a string: the validating path reports it
            }
        }

        return true;
    }

    private static void WriteLabels(Utf8JsonWriter w, ArrayBufferWriter<byte> output, List<string> existing, IReadOnlyList<SigmaRule> matched)
    {
        w.Reset(output);
        w.WriteStartArray();
        RuleOutput.WriteLabelValues(w, existing, matched, t_labels ??= new HashSet<string>(StringComparer.Ordinal));
        w.WriteEndArray();
        w.Flush();
    }

    /// <summary><c>"enrichments":[…]</c>: the items of an existing array copied, then one object per match.</summary>
    private static bool WriteEnrichments(ReadOnlySpan<byte> enrichments, IReadOnlyList<SigmaRule> matched, ArrayBufferWriter<byte> output)
    {
        output.Write("\"enrichments\":["u8);
        bool first = true;
        if (enrichments[0] == (byte)'[')
        {
            int pos = 1;
            while (pos != enrichments.Length - 1)
            {
                int end = CompactJson.ValueEnd(enrichments, pos);
                if (end < 0 || end >= enrichments.Length || enrichments[end] is not ((byte)',' or (byte)']'))
                {
                    return false;
                }

                Separator(output, ref first);
                output.Write(enrichments[pos..end]);
                pos = enrichments[end] == (byte)',' ? end + 1 : end;
            }
        }

        foreach (var rule in matched)
        {
            Separator(output, ref first);
            output.Write(RuleOutput.For(rule).Enrichment);
        }

        output.Write("]"u8);
        return true;
    }
}
