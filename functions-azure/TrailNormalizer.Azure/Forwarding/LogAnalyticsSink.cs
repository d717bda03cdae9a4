namespace TrailNormalizer.Azure.Forwarding;

/// <summary>Every event of a batch (escalated findings included) as a TrailNormalizer_CL row, through the Logs Ingestion API.</summary>
public sealed class LogAnalyticsSink(LogsIngestionClient client) : IBatchSink
{
    public string Name => "log-analytics";

    public int Send(string batchKey, IReadOnlyList<byte[]> lines)
    {
        client.Upload(lines.Select(line => LogAnalyticsRow.From(line, batchKey)));
        return lines.Count;
    }
}
