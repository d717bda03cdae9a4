using System.Text.Json;
using TrailNormalizer.Core.Mapping.Aws;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>
/// The target resources of a CloudTrail API call: the record's own <c>resources</c> (ARN, type, owner account), then
/// the identifiers its service's request and response name (<see cref="CloudTrailResourceCatalog"/>), then, for any service,
/// the ARNs in request parameters whose name ends in "Arn" (<c>resourceArn</c>, <c>topicArn</c>, <c>sourceArn</c>), each once.
/// </summary>
internal static class CloudTrailResources
{
    /// <summary>Most resources one event lists (batch calls can name hundreds).</summary>
    public const int MaxResources = 20;

    private const int MaxDepth = 6;

    private readonly record struct Found(string Uid, string? Name, string? Type, string? Owner);

    /// <summary>Writes <c>resources</c> when the record names any.</summary>
    public static void Write(Utf8JsonWriter w, JsonElement record, string eventSource, string eventName)
    {
        var found = new List<Found>();
        if (record.TryGetProperty("resources", out var own) && own.ValueKind == JsonValueKind.Array)
        {
            foreach (var resource in own.EnumerateArray())
            {
                if ((resource.NonEmpty("ARN"u8) ?? resource.NonEmpty("arn"u8)) is { } arn)
                {
                    Add(found, new Found(arn, NameOf(arn), resource.NonEmpty("type"u8), resource.NonEmpty("accountId"u8)));
                }
            }
        }

        if (CloudTrailResourceCatalog.ByService.TryGetValue(eventSource, out var fields))
        {
            string? bucket = null;
            if (record.Present("requestParameters"u8) is { } parameters)
            {
                Collect(parameters, new Catalog(fields, eventName), found, 0, ref bucket);
            }

            if (record.Present("responseElements"u8) is { } responseElements)
            {
                Collect(responseElements, new Catalog(fields, eventName), found, 0, ref bucket);
            }
        }

        if (record.Obj("requestParameters"u8) is { } request)
        {
            AddArnParameters(request, found);
        }

        if (found.Count == 0)
        {
            return;
        }

        w.WriteStartArray("resources"u8);
        foreach (var r in found)
        {
            w.WriteStartObject();
            w.WriteString("uid"u8, r.Uid);
            w.WriteIfPresent("name"u8, r.Name);
            w.WriteIfPresent("type"u8, r.Type);
            if (r.Owner is not null)
            {
                w.WriteStartObject("owner"u8);
                CloudTrailRecordMapper.WriteAwsAccount(w, "account", r.Owner);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Collect(JsonElement value, in Catalog fields, List<Found> found, int depth, ref string? bucket)
    {
        if (depth > MaxDepth || found.Count >= MaxResources)
        {
            return;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                Collect(item, fields, found, depth + 1, ref bucket);
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            var field = fields.Find(property);
            if (field.Type is null)
            {
                Collect(property.Value, fields, found, depth + 1, ref bucket);
                continue;
            }

            foreach (string id in Identifiers(property.Value))
            {
                if (field.Type == "AWS::S3::Bucket")
                {
                    bucket ??= id;
                }

                string uid = field.Type == "AWS::S3::Object" && bucket is not null ? $"{bucket}/{id}" : id;
                Add(found, new Found(uid, NameOf(id), field.Type, null));
            }
        }
    }

    /// <summary>The service's resource fields that apply to the event, matched against property names without a string per property.</summary>
    private readonly struct Catalog(CloudTrailResourceField[] fields, string eventName)
    {
        public CloudTrailResourceField Find(JsonProperty property)
        {
            foreach (var field in fields)
            {
                if (PropertyNames.EqualsIgnoreCase(property, field.Field) && field.AppliesTo(eventName))
                {
                    return field;
                }
            }

            return default;
        }
    }

    /// <summary>Top-level request parameters named <c>…Arn</c> that hold an ARN: the resource the ARN names, typed by it.</summary>
    private static void AddArnParameters(JsonElement request, List<Found> found)
    {
        foreach (var property in request.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String && PropertyNames.EndsWithIgnoreCase(property, "arn")
                && property.Value.GetString() is { } arn && arn.StartsWith("arn:", StringComparison.Ordinal))
            {
                Add(found, new Found(arn, NameOf(arn), AwsEventWriter.ArnResourceType(arn), null));
            }
        }
    }

    /// <summary>
    /// A string, or the strings of an array (<c>instanceIds</c>, <c>names</c>); EC2's newer query-style requests
    /// (<c>DeleteFlowLogsRequest</c>) wrap each identifier as <c>{"content":"fl-…","tag":1}</c>.
    /// </summary>
    private static IEnumerable<string> Identifiers(JsonElement value)
    {
        if (Identifier(value) is { } one)
        {
            yield return one;
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (Identifier(item) is { } text)
                {
                    yield return text;
                }
            }
        }
    }

    private static string? Identifier(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.GetString() is { Length: > 0 } text => text,
        JsonValueKind.Object when value.NonEmpty("content"u8) is { } content => content,
        _ => null,
    };

    /// <summary>The resource's own name: the last part of an ARN (<c>role/admin</c> → admin), else the identifier itself.</summary>
    private static string NameOf(string id)
    {
        if (!id.StartsWith("arn:", StringComparison.Ordinal))
        {
            return id;
        }

        string resource = id.Split(':', 6) is { Length: 6 } parts ? parts[5] : id;
        int cut = resource.LastIndexOfAny(['/', ':']);
        return cut >= 0 && cut < resource.Length - 1 ? resource[(cut + 1)..] : resource;
    }

    /// <summary>Adds a resource unless it is already listed (same uid, or an ARN listed that ends with this identifier).</summary>
    private static void Add(List<Found> found, Found candidate)
    {
        if (found.Count >= MaxResources)
        {
            return;
        }

        foreach (var f in found)
        {
            if (f.Uid == candidate.Uid || ArnEndsWithIdentifier(f.Uid, candidate.Uid))
            {
                return;
            }
        }

        found.Add(candidate);
    }

    /// <summary>True when <paramref name="arn"/> is an ARN ending in <c>/</c> or <c>:</c> and the identifier (itself no ARN).</summary>
    private static bool ArnEndsWithIdentifier(string arn, string id) =>
        arn.StartsWith("arn:", StringComparison.Ordinal) && !id.StartsWith("arn:", StringComparison.Ordinal)
        && arn.Length > id.Length && arn.EndsWith(id, StringComparison.Ordinal) && arn[arn.Length - id.Length - 1] is '/' or ':';
}
