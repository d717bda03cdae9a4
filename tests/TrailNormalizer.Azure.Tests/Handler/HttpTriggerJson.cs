using System.Text.Json;

namespace TrailNormalizer.Azure.Tests.Handler;

/// <summary>The HTTP trigger's request object as the Functions host sends it to a custom handler (one array of values per header name).</summary>
public static class HttpTriggerJson
{
    public static void WriteRequest(Utf8JsonWriter w, string binding, string url, string method, IEnumerable<(string Name, string Value)> headers, string? body)
    {
        w.WriteStartObject(binding);
        w.WriteString("Url", url);
        w.WriteString("Method", method);
        w.WriteString("Query", "{}");
        w.WriteStartObject("Headers");
        foreach (var group in headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            w.WriteStartArray(group.Key);
            foreach (var (_, value) in group)
            {
                w.WriteStringValue(value);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteStartObject("Params");
        w.WriteEndObject();
        if (body is null)
        {
            w.WriteNull("Body");
        }
        else
        {
            w.WriteString("Body", body);
        }

        w.WriteEndObject();
    }
}
