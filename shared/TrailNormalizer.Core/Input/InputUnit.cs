namespace TrailNormalizer.Core.Input;

/// <summary>
/// One unit read from an input: either the verbatim bytes of one JSON value (a record, an envelope,
/// an event) or a failure that must be quarantined with its reason and whatever raw bytes were read.
/// </summary>
public readonly record struct InputUnit
{
    private InputUnit(ReadOnlyMemory<byte> json, string location, string? failure, bool rawTruncated)
    {
        Json = json;
        Location = location;
        Failure = failure;
        RawTruncated = rawTruncated;
    }

    /// <summary>The unit's bytes: a complete JSON value, or for a failure the raw bytes that were read.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>Where the unit came from: <c>file</c>, <c>file:line N</c>, <c>file#Records[i]</c>, <c>file@byte N</c>.</summary>
    public string Location { get; }

    /// <summary>Why the unit could not be read; null for a readable unit.</summary>
    public string? Failure { get; }

    /// <summary>True when <see cref="Json"/> holds only a prefix of a failed unit's raw bytes.</summary>
    public bool RawTruncated { get; }

    /// <summary>For a failure: where its raw bytes start in the (decompressed) input, when known.</summary>
    public long? RawOffset { get; init; }

    /// <summary>For a failure: the full length of the value its raw bytes are a prefix of, when known.</summary>
    public long? RawLength { get; init; }

    public bool IsFailure => Failure is not null;

    public static InputUnit Value(ReadOnlyMemory<byte> json, string location) => new(json, location, null, false);

    public static InputUnit Failed(string reason, ReadOnlyMemory<byte> raw, string location, bool rawTruncated = false) =>
        new(raw, location, reason, rawTruncated);
}
