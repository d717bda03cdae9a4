using System.Text.Json;

namespace TrailNormalizer.Azure.Host;

/// <summary>
/// The payload the Functions host POSTs to <c>/&lt;FunctionName&gt;</c>: <c>{"Data":{...},"Metadata":{...}}</c>.
/// A trigger value in <c>Data</c> may be an object, an array, or the same JSON encoded as a string (the host
/// serializes some bindings twice); <see cref="Trigger"/> accepts all of them. Owns the documents it parsed.
/// </summary>
public sealed class InvocationRequest : IDisposable
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 128 };

    private readonly JsonDocument _document;
    private readonly List<JsonDocument> _decoded = [];

    private InvocationRequest(JsonDocument document, JsonElement data, JsonElement? metadata)
    {
        _document = document;
        Data = data;
        Metadata = metadata;
    }

    /// <summary>The trigger and input binding values by binding name.</summary>
    public JsonElement Data { get; }

    /// <summary>Trigger metadata (absent in some payloads).</summary>
    public JsonElement? Metadata { get; }

    /// <summary>An invocation id for logs: <c>Metadata.sys.RandGuid</c> when the host sent one.</summary>
    public string? InvocationId =>
        Metadata is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("sys", out var sys) && sys.ValueKind == JsonValueKind.Object
        && sys.TryGetProperty("RandGuid", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>Parses the payload; throws <see cref="InvalidInvocationException"/> when it is not an invocation.</summary>
    public static InvocationRequest Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidInvocationException($"the invocation payload is not JSON: {ex.Message}");
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(nameof(Data), out var data) || data.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new InvalidInvocationException("the invocation payload has no Data object");
        }

        JsonElement? metadata = root.TryGetProperty(nameof(Metadata), out var m) ? m : null;
        return new InvocationRequest(document, data, metadata);
    }

    /// <summary>
    /// The value of binding <paramref name="name"/>: an object or array as sent, or the JSON a string holds.
    /// A string that does not hold JSON is returned as the string (the caller quarantines it); null when absent.
    /// </summary>
    public JsonElement? Trigger(string name)
    {
        if (!Data.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? Decode(value) : value;
    }

    public void Dispose()
    {
        foreach (var decoded in _decoded)
        {
            decoded.Dispose();
        }

        _document.Dispose();
    }

    private JsonElement Decode(JsonElement text)
    {
        string s = text.GetString()!;
        var trimmed = s.AsSpan().TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '[' or '"'))
        {
            return text;
        }

        try
        {
            var decoded = JsonDocument.Parse(s, Options);
            _decoded.Add(decoded);
            // A string holding a string is decoded once more: some payloads arrive encoded twice.
            return decoded.RootElement.ValueKind == JsonValueKind.String && _decoded.Count < 3 ? Decode(decoded.RootElement) : decoded.RootElement;
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
