using System.Text;
using System.Text.Json.Nodes;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Robustness;

/// <summary>
/// One record of each source, taken from the project's fixtures, with a place to inject a value: a nested part
/// (where sources nest: requestParameters, detail, properties, data, additionalDetails, messageAttributes) and a
/// string field the mapper reads.
/// </summary>
public sealed record SourceTemplate(string Source, string Fixture, string[] RecordPath, string[] NestedPath, string[] StringPath)
{
    private const string Marker = "\"__INJECT__\"";

    public static readonly SourceTemplate[] All =
    [
        new("cloudtrail", "cloudtrail/cloudtrail-delete-trail-root.json", [], ["requestParameters"], ["userIdentity", "userName"]),
        new("eventbridge", "eventbridge/unknown-detail-type.json", [], ["detail"], ["detail-type"]),
        new("entra", "entra/audit-account-changes.json", ["records", "0"], ["properties", "additionalDetails"], ["operationName"]),
        new("azure-activity", "azure-activity/records-administrative.json", ["records", "0"], ["properties"], ["operationName"]),
        new("eventgrid", "eventgrid/resources-write-success.json", ["0"], ["data"], ["subject"]),
        new("cloudevents", "cloudevents/resources-write-success.json", ["0"], ["data"], ["subject"]),
        new("sqs", "sqs/sqs-mixed-bodies.json", ["Records", "0"], ["messageAttributes"], ["messageId"]),
    ];

    /// <summary>The template record as JSON text, the fixture's own.</summary>
    public string Record() => Select().ToJsonString();

    /// <summary>The record with <paramref name="json"/> (raw JSON text) at the nested path.</summary>
    public byte[] WithNested(byte[] json) => Inject(NestedPath, json);

    /// <summary>The record with a string whose raw JSON content is <paramref name="content"/> (bytes between the quotes) at the string path.</summary>
    public byte[] WithString(byte[] content) => Inject(StringPath, [(byte)'"', .. content, (byte)'"']);

    /// <summary>The template as an SQS event when it is an SQS message (the shape Lambda delivers), else as is.</summary>
    public byte[] Wrap(byte[] record) => Source == "sqs" ? [.. "{\"Records\":["u8, .. record, .. "]}"u8] : record;

    /// <summary>The record inside what <see cref="Wrap"/> made.</summary>
    public byte[] Unwrap(byte[] input) => Source == "sqs" ? input[12..^2] : input;

    public static byte[] Nested(int levels)
    {
        var text = new StringBuilder(levels * 8);
        for (int i = 0; i < levels; i++)
        {
            text.Append("{\"a\":");
        }

        text.Append('1').Append('}', levels);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private byte[] Inject(string[] path, byte[] json)
    {
        var record = Select();
        JsonNode node = record;
        foreach (string step in path[..^1])
        {
            node = node[step] as JsonObject ?? (JsonNode)(node[step] = new JsonObject());
        }

        node[path[^1]] = "__INJECT__";
        byte[] text = Encoding.UTF8.GetBytes(record.ToJsonString());
        int at = text.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Marker));
        return Wrap([.. text.AsSpan(0, at), .. json, .. text.AsSpan(at + Marker.Length)]);
    }

    private JsonNode Select()
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Fixtures, Fixture)))!;
        foreach (string step in RecordPath)
        {
            node = node is JsonArray array ? array[int.Parse(step, System.Globalization.CultureInfo.InvariantCulture)]! : node[step]!;
        }

        return node.DeepClone();
    }

    public override string ToString() => Source;
}
