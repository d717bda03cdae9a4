using System.Buffers;
using System.Text.Json;

namespace TrailNormalizer.Azure.Host;

/// <summary>
/// The handler's answer to the Functions host: <c>{"Outputs":{...},"Logs":[...],"ReturnValue":null}</c>, sent with
/// HTTP status <see cref="StatusCode"/>. A non-2xx status fails the invocation, so Event Grid delivers it again.
/// </summary>
public sealed class InvocationResponse
{
    private readonly Dictionary<string, HttpOutput> _httpOutputs = new(StringComparer.Ordinal);

    /// <summary>The status of the handler's HTTP answer to the host.</summary>
    public int StatusCode { get; private set; } = 200;

    /// <summary>Lines the host adds to the invocation's log.</summary>
    public List<string> Logs { get; } = [];

    public IReadOnlyDictionary<string, HttpOutput> HttpOutputs => _httpOutputs;

    public static InvocationResponse Ok(params string[] logs)
    {
        var response = new InvocationResponse();
        response.Logs.AddRange(logs);
        return response;
    }

    /// <summary>A failed invocation: the host reports it and the trigger's retry policy applies.</summary>
    public static InvocationResponse Failed(int statusCode, string log)
    {
        var response = new InvocationResponse { StatusCode = statusCode };
        response.Logs.Add(log);
        return response;
    }

    /// <summary>Sets an http output binding (e.g. <c>res</c>).</summary>
    public InvocationResponse WithHttp(string binding, HttpOutput output)
    {
        _httpOutputs[binding] = output;
        return this;
    }

    /// <summary>Also fails the invocation itself (e.g. the webhook could not store its events).</summary>
    public InvocationResponse WithStatus(int statusCode)
    {
        StatusCode = statusCode;
        return this;
    }

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("Outputs");
            foreach (var (name, http) in _httpOutputs)
            {
                w.WriteStartObject(name);
                w.WriteNumber("statusCode", http.StatusCode);
                w.WriteStartObject("headers");
                foreach (var header in http.Headers)
                {
                    w.WriteString(header.Key, header.Value);
                }

                w.WriteEndObject();
                w.WriteString("body", http.Body);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartArray(nameof(Logs));
            foreach (string line in Logs)
            {
                w.WriteStringValue(line);
            }

            w.WriteEndArray();
            w.WriteNull("ReturnValue");
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
