using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules.Coverage;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Core.Rules.Escalation;

/// <summary>
/// Builds the OCSF 1.8.0 Detection Finding (class 2004) for one rule match on one stored event: the rule as the
/// analytic (id, title) and as a <c>sigma</c> enrichment (with its author, as the Sigma licence asks), its ATT&amp;CK
/// techniques, its categories and controls as labels, and the evidence event by <c>metadata.uid</c> and batch key.
/// </summary>
public static class DetectionFindingBuilder
{
    public const int ClassUid = 2004;

    private static readonly Lazy<AttackCatalogue> Attack = new(AttackCatalogue.LoadBuiltIn);
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The finding's uid: SHA-256 of the rule id and the event uid, so one match always gives the same finding.</summary>
    public static string FindingUid(string ruleId, string eventUid) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("trailnormalizer-finding\n" + ruleId + "\n" + eventUid)));

    public static NormalizedEvent Build(NormalizedEvent ev, SigmaRule rule, string? batchKey)
    {
        using var doc = JsonDocument.Parse(ev.Json, EventFacts.DocumentOptions);
        var source = doc.RootElement;
        string uid = FindingUid(rule.Id, ev.Uid);
        int severity = rule.SeverityId;
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("activity_id", 1);
            w.WriteString("activity_name", "Create");
            w.WriteNumber("category_uid", 2);
            w.WriteString("category_name", "Findings");
            w.WriteNumber("class_uid", ClassUid);
            w.WriteString("class_name", "Detection Finding");
            w.WriteNumber("type_uid", (ClassUid * 100) + 1);
            w.WriteString("type_name", "Detection Finding: Create");
            w.WriteNumber("severity_id", severity);
            w.WriteString("severity", OcsfEnums.SeverityCaption(severity));
            w.WriteNumber("time", ev.TimeMs);
            w.WriteNumber("status_id", 1);
            w.WriteString("status", "New");
            w.WriteBoolean("is_alert", true);
            w.WriteString("message", rule.Title);
            WriteMetadata(w, source, rule, uid);
            CopyIfPresent(w, source, "cloud");
            WriteFindingInfo(w, source, rule, uid, ev);
            WriteEvidence(w, source, ev, batchKey);
            CopyIfPresent(w, source, "resources");
            WriteEnrichment(w, rule);
            w.WriteEndObject();
        }

        return new NormalizedEvent(buffer.WrittenSpan.ToArray(), ClassUid, ev.TimeMs, ev.Partition, uid) { IsEscalatedFinding = true };
    }

    private static void WriteMetadata(Utf8JsonWriter w, JsonElement source, SigmaRule rule, string uid)
    {
        w.WriteStartObject("metadata");
        w.WriteString("uid", uid);
        w.WriteString("version", OcsfVersion.Value);
        w.WriteStartArray("profiles");
        w.WriteStringValue("cloud");
        w.WriteEndArray();
        w.WriteStartObject("product");
        w.WriteString("name", "TrailNormalizer");
        w.WriteString("vendor_name", "TrailNormalizer");
        w.WriteEndObject();
        if (source.TryGetProperty("metadata", out var m) && m.Str("uid") is { } eventUid)
        {
            w.WriteString("correlation_uid", eventUid);
        }

        // Controls only: incident:<category> labels stay on the evidence event (the categories are in finding_info.types),
        // so counting incident labels over stored evidence does not count an escalated event twice.
        w.WriteStartArray("labels");
        foreach (var c in rule.Controls)
        {
            w.WriteStringValue("control:" + c);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFindingInfo(Utf8JsonWriter w, JsonElement source, SigmaRule rule, string uid, NormalizedEvent ev)
    {
        w.WriteStartObject("finding_info");
        w.WriteString("uid", uid);
        w.WriteString("title", rule.Title);
        if (rule.Description is { Length: > 0 } desc)
        {
            w.WriteString("desc", desc);
        }

        w.WriteNumber("first_seen_time", ev.TimeMs);
        w.WriteNumber("last_seen_time", ev.TimeMs);
        w.WriteStartArray("types");
        foreach (string c in rule.IncidentCategories)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteStartObject("analytic");
        w.WriteString("uid", rule.Id);
        w.WriteString("name", rule.Title);
        w.WriteNumber("type_id", 1);
        w.WriteString("type", "Rule");
        w.WriteString("category", "Sigma");
        w.WriteEndObject();
        WriteAttacks(w, rule);
        w.WriteStartArray("related_events");
        w.WriteStartObject();
        w.WriteString("uid", ev.Uid);
        if (source.TryGetProperty("type_uid", out var typeUid) && typeUid.TryGetInt64(out long t))
        {
            w.WriteNumber("type_uid", t);
        }

        if (source.Str("type_name") is { } typeName)
        {
            w.WriteString("type_name", typeName);
        }

        w.WriteEndObject();
        w.WriteEndArray();
        if (source.TryGetProperty("metadata", out var m) && m.TryGetProperty("product", out var p) && p.Str("name") is { } product)
        {
            w.WriteStartArray("data_sources");
            w.WriteStringValue(product);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteAttacks(Utf8JsonWriter w, SigmaRule rule)
    {
        if (rule.AttackTechniques.Count == 0)
        {
            return;
        }

        w.WriteStartArray("attacks");
        foreach (string id in rule.AttackTechniques)
        {
            Attack.Value.ById.TryGetValue(id, out var known);
            int dot = id.IndexOf('.', StringComparison.Ordinal);
            w.WriteStartObject();
            if (dot < 0)
            {
                WriteUidName(w, "technique", id, known?.Name);
            }
            else
            {
                string parent = id[..dot];
                string? parentName = Attack.Value.ById.TryGetValue(parent, out var p) ? p.Name : known?.Name.Split(':')[0];
                WriteUidName(w, "technique", parent, parentName);
                WriteUidName(w, "sub_technique", id, known?.Name);
            }

            if (known is { Tactics.Count: > 0 })
            {
                w.WriteStartArray("tactics");
                foreach (string tactic in known.Tactics)
                {
                    w.WriteStartObject();
                    w.WriteString("name", TacticName(tactic));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteUidName(Utf8JsonWriter w, string property, string uid, string? name)
    {
        w.WriteStartObject(property);
        w.WriteString("uid", uid);
        if (name is not null)
        {
            w.WriteString("name", name);
        }

        w.WriteEndObject();
    }

    /// <summary>defense-evasion → Defense Evasion.</summary>
    private static string TacticName(string tactic) =>
        string.Join(' ', tactic.Split('-').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    private static void WriteEvidence(Utf8JsonWriter w, JsonElement source, NormalizedEvent ev, string? batchKey)
    {
        w.WriteStartArray("evidences");
        w.WriteStartObject();
        w.WriteString("name", "evidence event");
        w.WriteString("uid", ev.Uid);
        CopyIfPresent(w, source, "api");
        CopyIfPresent(w, source, "actor");
        CopyIfPresent(w, source, "src_endpoint");
        w.WriteStartObject("data");
        w.WriteString("event_uid", ev.Uid);
        w.WriteNumber("class_uid", ev.ClassUid);
        w.WriteNumber("time", ev.TimeMs);
        if (batchKey is not null)
        {
            w.WriteString("batch_key", batchKey);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteEnrichment(Utf8JsonWriter w, SigmaRule rule)
    {
        w.WriteStartArray("enrichments");
        w.WriteStartObject();
        SigmaEnrichment.WriteFields(w, rule);
        w.WriteStartObject("data");
        SigmaEnrichment.WriteRuleData(w, rule);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void CopyIfPresent(Utf8JsonWriter w, JsonElement source, string name)
    {
        if (source.TryGetProperty(name, out var value))
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }
    }
}
