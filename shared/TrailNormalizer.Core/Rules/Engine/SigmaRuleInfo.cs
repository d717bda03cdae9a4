namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>A rule's metadata as read from YAML, before its detection is compiled.</summary>
internal sealed record SigmaRuleInfo(
    string Id,
    string Title,
    string? Author,
    string? Status,
    string? Level,
    string? Description,
    IReadOnlyList<string> References,
    IReadOnlyList<string> Tags,
    SigmaLogsource Logsource,
    SigmaDetection Detection,
    IReadOnlyList<string> Falsepositives,
    string FilePath,
    int Line);
