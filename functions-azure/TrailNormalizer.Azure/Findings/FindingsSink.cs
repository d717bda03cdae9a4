using TrailNormalizer.Azure.Forwarding;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Findings;

/// <summary>The escalated detection findings of a batch (the lines escalation stored beside the events), to the findings topic.</summary>
public sealed class FindingsSink(EventGridPublisher publisher, string source) : IBatchSink
{
    public string Name => "event-grid-findings";

    public int Send(string batchKey, IReadOnlyList<byte[]> lines)
    {
        var findings = lines.Where(line => EscalatedFindings.IsEscalation(line)).Select(line => FindingCloudEvent.From(line, source, batchKey)).ToList();
        if (findings.Count > 0)
        {
            publisher.Publish(findings);
        }

        return findings.Count;
    }
}
