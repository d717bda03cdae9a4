using System.Text.Json;

namespace TrailNormalizer.Core.Mapping;

/// <summary>
/// The parsed record a handler recognised, readable only while the router routes it: its document is disposed when
/// routing ends (<see cref="End"/>), and from then on <see cref="Value"/> is null. Events mapped from the record carry
/// it (<see cref="NormalizedEvent.RoutedRecord"/>), so copies of an event kept past routing never reach a disposed document.
/// </summary>
internal sealed class RoutedRecord(JsonElement value)
{
    private JsonElement? _value = value;

    /// <summary>The record, or null once routing it has ended.</summary>
    public JsonElement? Value => _value;

    public void End() => _value = null;
}
