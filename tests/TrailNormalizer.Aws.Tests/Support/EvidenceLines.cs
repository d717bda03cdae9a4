using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Aws.Tests.Support;

/// <summary>Reads what a store holds back as JSON lines: normalized events or quarantine items.</summary>
public static class EvidenceLines
{
    public static IReadOnlyList<JsonElement> Events(IEvidenceStore store) => Read(store, EvidenceKeys.EventsPrefix);

    public static IReadOnlyList<JsonElement> Quarantine(IEvidenceStore store) => Read(store, EvidenceKeys.QuarantinePrefix);

    private static List<JsonElement> Read(IEvidenceStore store, string prefix)
    {
        using var output = new MemoryStream();
        EvidenceReader.CopyLines(store, prefix, output);
        return Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 512 }).RootElement.Clone())
            .ToList();
    }
}
