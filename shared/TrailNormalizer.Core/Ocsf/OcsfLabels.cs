using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>The <c>metadata.labels</c> that say how an event was derived, and how they are written.</summary>
internal static class OcsfLabels
{
    /// <summary><c>time</c> is the received time because the source time was missing, unreadable or implausible.</summary>
    public const string SubstitutedTime = "time:substituted-with-received-time";

    /// <summary><c>time</c> was read from a log shipper's <c>@timestamp</c> because the record lost its own time field.</summary>
    public const string ShipperTime = "time:from-@timestamp";

    /// <summary>
    /// Writes <c>original_time</c> (the source's time text), <c>processed_time</c> when <paramref name="substitutedMs"/> (the received time) stands in,
    /// and <c>labels</c>: <see cref="SubstitutedTime"/> first when it applies, then <paramref name="labels"/>; nothing when there are none.
    /// </summary>
    public static void WriteTimeAndLabels(Utf8JsonWriter w, string? originalTime, long? substitutedMs, IEnumerable<string>? labels = null)
    {
        w.WriteIfPresent("original_time"u8, originalTime);
        if (substitutedMs is { } received)
        {
            w.WriteNumber("processed_time"u8, received);
        }

        bool started = false;
        if (substitutedMs is not null)
        {
            Start(w, ref started);
            w.WriteStringValue(SubstitutedTime);
        }

        foreach (string label in labels ?? [])
        {
            Start(w, ref started);
            w.WriteStringValue(label);
        }

        if (started)
        {
            w.WriteEndArray();
        }
    }

    private static void Start(Utf8JsonWriter w, ref bool started)
    {
        if (!started)
        {
            w.WriteStartArray("labels"u8);
            started = true;
        }
    }
}
