namespace TrailNormalizer.Azure.Host;

/// <summary>The value of an <c>http</c> output binding: what the Functions host answers the HTTP caller.</summary>
public sealed record HttpOutput(int StatusCode, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static HttpOutput Json(int statusCode, string body) => new(statusCode, body, [new("Content-Type", "application/json")]);

    public static HttpOutput Text(int statusCode, string body) => new(statusCode, body, [new("Content-Type", "text/plain; charset=utf-8")]);
}
