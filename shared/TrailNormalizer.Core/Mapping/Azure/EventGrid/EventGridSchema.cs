namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>The envelope an Event Grid event arrived in.</summary>
public enum EventGridSchema
{
    /// <summary>Event Grid's own schema: id, topic, subject, eventType, eventTime, data, dataVersion, metadataVersion.</summary>
    EventGridEvent,

    /// <summary>CloudEvents 1.0 (JSON format): specversion, id, source, type, subject, time, data or data_base64.</summary>
    CloudEvents,

    /// <summary>The pre-1.0 CloudEvents 0.1 shape Event Grid once delivered: cloudEventsVersion, eventType, eventID, eventTime, source.</summary>
    LegacyCloudEvents,
}
