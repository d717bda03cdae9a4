using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Azure.Host;

/// <summary>
/// The HTTP trigger value the host sends when it does not forward the request itself:
/// <c>{"Url","Method","Query","Headers":{"Name":["value"]},"Params","Identities","Body"}</c>. The body arrives as a
/// string (the raw text) or, for JSON bodies, sometimes as the parsed value; both give the same bytes here.
/// </summary>
public sealed class HttpTriggerRequest
{
    private readonly Dictionary<string, string> _headers;

    private HttpTriggerRequest(string method, Dictionary<string, string> headers, byte[] body)
    {
        Method = method;
        _headers = headers;
        Body = body;
    }

    public string Method { get; }

    public byte[] Body { get; }

    /// <summary>Reads the trigger value; throws <see cref="InvalidInvocationException"/> when it is not one or the body exceeds <paramref name="maxBodyBytes"/>.</summary>
    public static HttpTriggerRequest Read(JsonElement req, int maxBodyBytes)
    {
        if (req.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInvocationException("the HTTP trigger value is not an object");
        }

        string method = Property(req, "Method") is { ValueKind: JsonValueKind.String } m ? m.GetString()!.ToUpperInvariant() : "";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Property(req, "Headers") is { ValueKind: JsonValueKind.Object } h)
        {
            foreach (var header in h.EnumerateObject())
            {
                string? value = header.Value.ValueKind switch
                {
                    JsonValueKind.String => header.Value.GetString(),
                    JsonValueKind.Array => string.Join(",", header.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString())),
                    _ => null,
                };
                if (value is not null)
                {
                    headers[header.Name] = value;
                }
            }
        }

        byte[] body = Property(req, "Body") switch
        {
            null or { ValueKind: JsonValueKind.Null } => [],
            { ValueKind: JsonValueKind.String } s => Encoding.UTF8.GetBytes(s.GetString()!),
            { } other => Encoding.UTF8.GetBytes(other.GetRawText()),
        };
        if (body.Length > maxBodyBytes)
        {
            throw new InvalidInvocationException($"the HTTP body is {body.Length} bytes; at most {maxBodyBytes} are accepted");
        }

        return new HttpTriggerRequest(method, headers, body);
    }

    /// <summary>A header value (several values joined with commas), or null.</summary>
    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;

    // The host writes these names PascalCase; accept any case.
    private static JsonElement? Property(JsonElement obj, string name)
    {
        if (obj.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
