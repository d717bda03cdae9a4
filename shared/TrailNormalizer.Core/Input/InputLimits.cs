namespace TrailNormalizer.Core.Input;

/// <summary>Size bounds for reading untrusted input.</summary>
public sealed record InputLimits
{
    /// <summary>Largest single JSON value (record, envelope, line) accepted; larger ones are quarantined.</summary>
    public int MaxUnitBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>How many raw bytes of an oversized or broken unit are kept in its quarantine entry.</summary>
    public int MaxQuarantineRawBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted.</summary>
    public int MaxDepth { get; init; } = 128;

    public static InputLimits Default { get; } = new();
}
