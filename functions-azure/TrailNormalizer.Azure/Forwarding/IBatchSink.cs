namespace TrailNormalizer.Azure.Forwarding;

/// <summary>Somewhere copies of sealed evidence batches go (Log Analytics, the findings topic).</summary>
public interface IBatchSink
{
    /// <summary>Names the sink's cursor folder: lower-case letters and hyphens.</summary>
    string Name { get; }

    /// <summary>Sends what the sink takes from one verified event batch; returns how many items it sent. Throws when it could not.</summary>
    int Send(string batchKey, IReadOnlyList<byte[]> lines);
}
