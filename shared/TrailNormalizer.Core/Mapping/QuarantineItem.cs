namespace TrailNormalizer.Core.Mapping;

/// <summary>Something that came in but could not become an event: kept with the reason, where it came from, and its raw bytes.</summary>
/// <param name="Reason">Why it was quarantined, in one line.</param>
/// <param name="Source">Where it came from (file and position).</param>
/// <param name="Raw">The raw bytes as received (a prefix when <paramref name="RawTruncated"/>).</param>
/// <param name="RawTruncated">True when only a prefix of the raw bytes was kept (size bound).</param>
public sealed record QuarantineItem(string Reason, string Source, ReadOnlyMemory<byte> Raw, bool RawTruncated = false)
{
    /// <summary>Where the raw bytes start in the input stream (after decompression), when known.</summary>
    public long? RawOffset { get; init; }

    /// <summary>The full length of the value the raw bytes are a prefix of, when known.</summary>
    public long? RawLength { get; init; }

    /// <summary>The quarantine item for a unit the reader could not read.</summary>
    public static QuarantineItem FromUnit(Input.InputUnit unit) =>
        new(unit.Failure!, unit.Location, unit.Json, unit.RawTruncated) { RawOffset = unit.RawOffset, RawLength = unit.RawLength };
}

/// <summary>Receives what the router makes of each record.</summary>
public interface IRecordSink
{
    void Normalized(NormalizedEvent normalizedEvent);

    void Quarantined(QuarantineItem item);

    /// <summary>A protocol message that carries no audit event (subscription handshake, test notification).</summary>
    void Control(string kind, string source);
}
