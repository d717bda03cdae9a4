using System.Collections.Concurrent;
using System.Net;
using System.Text;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.FollowUps;

/// <summary>One Publish request as SNS receives it: the form fields and the signing headers.</summary>
public sealed record SnsRequest(IReadOnlyDictionary<string, string> Form, string? Authorization, string? AmzDate, string? SecurityToken, string ContentType, string Host)
{
    public string Message => Form["Message"];

    /// <summary>The value of the message attribute named <paramref name="name"/>, or null.</summary>
    public string? Attribute(string name)
    {
        for (int i = 1; Form.TryGetValue($"MessageAttributes.entry.{i}.Name", out string? n); i++)
        {
            if (n == name)
            {
                return Form[$"MessageAttributes.entry.{i}.Value.StringValue"];
            }
        }

        return null;
    }
}

/// <summary>
/// A loopback SNS Query API: records every POST, answers the queued failures first (status + error code), then
/// Publish responses in SNS's XML shape with a new MessageId.
/// </summary>
public sealed class FakeSns : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentQueue<(int Status, string Code)> _failures = new();

    public FakeSns()
    {
        _server = new LoopbackHttpServer(HandleAsync);
    }

    public Uri Endpoint => new(_server.Url);

    public ConcurrentQueue<SnsRequest> Requests { get; } = new();

    /// <summary>Published messages (requests answered with success), in order.</summary>
    public ConcurrentQueue<SnsRequest> Published { get; } = new();

    public void FailNext(int status, string code, int times = 1)
    {
        for (int i = 0; i < times; i++)
        {
            _failures.Enqueue((status, code));
        }
    }

    public void Dispose() => _server.Dispose();

    private async Task HandleAsync(HttpListenerContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        var form = body.Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""), StringComparer.Ordinal);
        var request = new SnsRequest(form, context.Request.Headers["Authorization"], context.Request.Headers["X-Amz-Date"],
            context.Request.Headers["X-Amz-Security-Token"], context.Request.ContentType ?? "", context.Request.Headers["Host"] ?? "");
        Requests.Enqueue(request);

        string xml;
        if (_failures.TryDequeue(out var failure))
        {
            context.Response.StatusCode = failure.Status;
            xml = $"<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type><Code>{failure.Code}</Code><Message>fake {failure.Code}</Message></Error><RequestId>r</RequestId></ErrorResponse>";
        }
        else
        {
            Published.Enqueue(request);
            xml = $"<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult><MessageId>{Guid.NewGuid()}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>";
        }

        byte[] bytes = Encoding.UTF8.GetBytes(xml);
        context.Response.ContentType = "text/xml";
        await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        context.Response.Close();
    }
}
