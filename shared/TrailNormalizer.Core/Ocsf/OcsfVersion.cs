namespace TrailNormalizer.Core.Ocsf;

/// <summary>The OCSF schema version every normalized event conforms to.</summary>
internal static class OcsfVersion
{
    public const string Value = "1.8.0";
}
