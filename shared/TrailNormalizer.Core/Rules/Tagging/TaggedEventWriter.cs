using System.Buffers;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>
/// Writes a matched event again in one forward pass over its bytes, without parsing it into a document: every member is
/// copied as it is except <c>severity_id</c> / <c>severity</c> (raised to the highest matched level), <c>metadata.labels</c>
/// (moved to the end of <c>metadata</c>: the existing labels, then <c>incident:…</c> and <c>control:…</c> of every match,
/// each once) and <c>enrichments</c> (the existing ones, then one per match; appended when absent).
/// </summary>
/// <remarks>
/// The result is the same bytes a re-serialization of the parsed event writes. An event as the OCSF writer writes it takes
/// <see cref="TaggedEventSplice"/>, which copies byte ranges without tokenizing; anything else is read here token by
/// token. Members are copied byte for byte unless the event holds a <c>\u</c> escape (a writer with a stricter encoder wrote some of it, e.g. an unusable-time rewrite):
/// then they are copied token by token, unescaped and escaped again with the events' encoder, as a re-serialization does.
/// The buffer and writer are per thread, so routers on several threads never share them.
/// </remarks>
internal static class TaggedEventWriter
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = EventFacts.MaxEventDepth };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Write(ReadOnlySpan<byte> json, IReadOnlyList<SigmaRule> matched)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(8192);
        buffer.ResetWrittenCount();
        var w = t_writer ??= new Utf8JsonWriter(buffer, OcsfWriting.WriterOptions);
        if (TaggedEventSplice.TryWrite(json, matched, buffer, w))
        {
            return buffer.WrittenSpan.ToArray();
        }

        buffer.ResetWrittenCount();
        return WriteByTokens(json, matched, buffer, w);
    }

    /// <summary>The validating path: the event read token by token and written again member by member.</summary>
    internal static byte[] WriteByTokens(ReadOnlySpan<byte> json, IReadOnlyList<SigmaRule> matched, ArrayBufferWriter<byte> buffer, Utf8JsonWriter w)
    {
        w.Reset(buffer);

        var copy = new MemberCopy(json);
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException("the event is not a JSON object");
        }

        int? severity = null;
        bool wroteEnrichments = false;
        w.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("severity_id"u8))
            {
                severity ??= Severity(reader, matched);
                reader.Read();
                w.WriteNumber("severity_id", severity.Value);
            }
            else if (reader.ValueTextEquals("severity"u8))
            {
                severity ??= Severity(reader, matched);
                reader.Read();
                reader.Skip();
                w.WriteString("severity", OcsfEnums.SeverityCaption(severity.Value));
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                WriteMetadata(w, ref reader, in copy, matched);
            }
            else if (reader.ValueTextEquals("enrichments"u8))
            {
                reader.Read();
                WriteEnrichments(w, ref reader, in copy, matched);
                wroteEnrichments = true;
            }
            else
            {
                copy.Member(w, ref reader);
            }
        }

        if (!wroteEnrichments)
        {
            w.WriteStartArray("enrichments");
            WriteMatches(w, matched);
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The event's <c>severity_id</c> (read ahead on a copy of the reader, at the first severity member) raised to the highest matched level.</summary>
    private static int Severity(Utf8JsonReader ahead, IReadOnlyList<SigmaRule> matched)
    {
        int current = 0;
        do
        {
            if (ahead.ValueTextEquals("severity_id"u8))
            {
                ahead.Read();
                if (ahead.TokenType != JsonTokenType.Number)
                {
                    throw new InvalidOperationException($"severity_id is a {ahead.TokenType}, not a number");
                }

                current = ahead.TryGetInt32(out int id) && id is >= 0 and <= 6 ? id : 0;
                break;
            }

            ahead.Read();
            ahead.Skip();
        }
        while (ahead.Read() && ahead.TokenType == JsonTokenType.PropertyName);

        int highest = 0;
        foreach (var rule in matched)
        {
            highest = Math.Max(highest, rule.SeverityId);
        }

        return Math.Max(current, highest);
    }

    private static void WriteMetadata(Utf8JsonWriter w, ref Utf8JsonReader reader, in MemberCopy copy, IReadOnlyList<SigmaRule> matched)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException($"metadata is a {reader.TokenType}, not an object");
        }

        w.WriteStartObject("metadata");
        List<string>? existing = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("labels"u8) && LabelsFollow(reader))
            {
                reader.Read();
                existing ??= [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    existing.Add(reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString()!,
                        JsonTokenType.Null => "",
                        _ => throw new InvalidOperationException($"a label is a {reader.TokenType}, not a string"),
                    });
                }
            }
            else
            {
                copy.Member(w, ref reader);
            }
        }

        w.WriteStartArray("labels");
        RuleOutput.WriteLabelValues(w, existing ?? [], matched, new HashSet<string>(StringComparer.Ordinal));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static bool LabelsFollow(Utf8JsonReader ahead) => ahead.Read() && ahead.TokenType == JsonTokenType.StartArray;

    private static void WriteEnrichments(Utf8JsonWriter w, ref Utf8JsonReader reader, in MemberCopy copy, IReadOnlyList<SigmaRule> matched)
    {
        w.WriteStartArray("enrichments");
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                copy.Value(w, ref reader);
            }
        }
        else
        {
            reader.Skip(); // not an array: its value has nothing to keep
        }

        WriteMatches(w, matched);
        w.WriteEndArray();
    }

    private static void WriteMatches(Utf8JsonWriter w, IReadOnlyList<SigmaRule> matched)
    {
        foreach (var rule in matched)
        {
            w.WriteRawValue(RuleOutput.For(rule).Enrichment, skipInputValidation: true);
        }
    }
}
