using System.Buffers;
using System.Text.Json;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Core.Tests.Rules.Tagging;

/// <summary>
/// The tagger as it was before rules ran on the routed record: it parses <c>raw_data</c> out of the finished event again and,
/// on a match, parses the whole event into a document to write it anew. Kept here as the reference the single-pass
/// tagger (<see cref="EventTagger"/>, <c>TaggedEventWriter</c>) must match byte for byte.
/// </summary>
internal sealed class DocumentRewriteTagger(SigmaRuleSet rules)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public NormalizedEvent Tag(NormalizedEvent ev)
    {
        if (rules.Rules.Count == 0)
        {
            return ev;
        }

        if (ev.Kind is not { } kind)
        {
            return ev; // its mapper declared no rule family for it
        }

        var (_, _, rawText) = EventFacts.Read(ev.Json);
        if (rawText is null)
        {
            return ev;
        }

        IReadOnlyList<SigmaRule> matched;
        try
        {
            using var raw = JsonDocument.Parse(rawText, EventFacts.DocumentOptions);
            using var rewritten = RuleInput.RewrittenRecord(kind, raw.RootElement);
            matched = rules.Evaluate(kind, rewritten?.RootElement ?? RuleInput.RecordOf(kind, raw.RootElement));
        }
        catch (JsonException)
        {
            return ev; // raw_data that is not JSON has no fields for rules to name
        }

        if (matched.Count == 0)
        {
            return ev;
        }

        using var doc = JsonDocument.Parse(ev.Json, EventFacts.DocumentOptions);
        return ev with { Json = Rewrite(doc.RootElement, matched) };
    }

    private static byte[] Rewrite(JsonElement root, IReadOnlyList<SigmaRule> matched)
    {
        int severity = Math.Max(root.TryGetProperty("severity_id", out var s) && s.TryGetInt32(out int current) && current is >= 0 and <= 6 ? current : 0,
            matched.Max(r => r.SeverityId));
        var labels = new List<string>();
        foreach (var rule in matched)
        {
            labels.AddRange(rule.IncidentCategories.Select(c => $"incident:{c}"));
            labels.AddRange(rule.Controls.Select(c => $"control:{c}"));
        }

        var buffer = new ArrayBufferWriter<byte>(8192);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            bool wroteEnrichments = false;
            foreach (var p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "severity_id":
                        w.WriteNumber("severity_id", severity);
                        break;
                    case "severity":
                        w.WriteString("severity", OcsfEnums.SeverityCaption(severity));
                        break;
                    case "metadata":
                        WriteMetadata(w, p.Value, labels);
                        break;
                    case "enrichments":
                        WriteEnrichments(w, p.Value, matched);
                        wroteEnrichments = true;
                        break;
                    default:
                        p.WriteTo(w);
                        break;
                }
            }

            if (!wroteEnrichments)
            {
                WriteEnrichments(w, default, matched);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMetadata(Utf8JsonWriter w, JsonElement metadata, List<string> added)
    {
        w.WriteStartObject("metadata");
        var existing = new List<string>();
        foreach (var p in metadata.EnumerateObject())
        {
            if (p.Name == "labels" && p.Value.ValueKind == JsonValueKind.Array)
            {
                existing.AddRange(p.Value.EnumerateArray().Select(l => l.GetString() ?? ""));
            }
            else
            {
                p.WriteTo(w);
            }
        }

        w.WriteStartArray("labels");
        foreach (string label in existing.Concat(added).Distinct(StringComparer.Ordinal))
        {
            w.WriteStringValue(label);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteEnrichments(Utf8JsonWriter w, JsonElement existing, IReadOnlyList<SigmaRule> matched)
    {
        w.WriteStartArray("enrichments");
        if (existing.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in existing.EnumerateArray())
            {
                e.WriteTo(w);
            }
        }

        foreach (var rule in matched)
        {
            w.WriteStartObject();
            SigmaEnrichment.WriteFields(w, rule);
            w.WriteStartObject("data");
            SigmaEnrichment.WriteRuleData(w, rule);
            w.WriteStartArray("categories");
            foreach (string c in rule.IncidentCategories)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
            w.WriteStartArray("controls");
            foreach (var c in rule.Controls)
            {
                w.WriteStringValue(c.ToString());
            }

            w.WriteEndArray();
            if (rule.References.Count > 0)
            {
                w.WriteStartArray("references");
                foreach (string r in rule.References)
                {
                    w.WriteStringValue(r);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
