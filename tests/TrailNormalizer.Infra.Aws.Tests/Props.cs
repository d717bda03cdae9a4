namespace TrailNormalizer.Infra.Aws.Tests;

/// <summary>Short-hand for the nested dictionaries CDK's Match/Template helpers take.</summary>
internal static class Props
{
    public static Dictionary<string, object> Of(params (string Key, object Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
}
