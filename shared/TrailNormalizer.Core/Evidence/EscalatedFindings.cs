namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// Tells the detection findings the escalation derived from matched rules (stored beside the events, product
/// TrailNormalizer) from the events normalized from source records.
/// </summary>
public static class EscalatedFindings
{
    // The escalation's writer emits this exact compact text in metadata; a source record's text sits escaped inside
    // raw_data (every quote as \"), so a stored source event cannot contain it.
    private static ReadOnlySpan<byte> Marker => "\"product\":{\"name\":\"TrailNormalizer\""u8;

    /// <summary>True when a stored event line is a derived detection finding rather than a normalized source record.</summary>
    public static bool IsEscalation(ReadOnlySpan<byte> storedLine) => storedLine.IndexOf(Marker) >= 0;
}
