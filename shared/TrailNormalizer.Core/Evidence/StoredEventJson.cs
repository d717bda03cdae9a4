using System.Text.Json;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// How stored events are parsed when read back. Events keep records nested up to the router's limit, so readers
/// must accept the same depth the tagger does (512, as the tagger reads them), not the default 64.
/// </summary>
public static class StoredEventJson
{
    public static readonly JsonDocumentOptions Options = new() { MaxDepth = Rules.Tagging.EventFacts.MaxEventDepth };
}
