namespace TrailNormalizer.Core.Rules;

/// <summary>A rule's <c>logsource</c>: product, service and category as written (any may be absent).</summary>
public sealed record SigmaLogsource(string? Product, string? Service, string? Category)
{
    /// <summary>The logsource as <c>product/service</c> (or with <c>category</c>) for messages.</summary>
    public override string ToString()
    {
        var parts = new[] { Product, Service, Category }.Where(p => !string.IsNullOrEmpty(p));
        return string.Join('/', parts);
    }
}
