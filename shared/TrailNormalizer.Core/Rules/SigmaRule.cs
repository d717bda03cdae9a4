using System.Text.Json;
using TrailNormalizer.Core.Rules.Engine;

namespace TrailNormalizer.Core.Rules;

/// <summary>
/// A loaded and compiled Sigma rule: its metadata as written, the source kinds its logsource applies to, the incident
/// categories and controls from its tags, and a matcher compiled once at load that evaluates a source record.
/// </summary>
public sealed class SigmaRule
{
    internal SigmaRule(SigmaRuleInfo info, IMatchNode matcher)
    {
        Info = info;
        Matcher = matcher;
        SourceKinds = Rules.SourceKinds.For(info.Logsource);
        IncidentCategories = RuleTags.Categories(info.Tags);
        Controls = RuleTags.Controls(info.Tags);
        AttackTechniques = RuleTags.AttackTechniques(info.Tags);
    }

    internal SigmaRuleInfo Info { get; }

    internal IMatchNode Matcher { get; }

    /// <summary>The rule's <c>id</c>; when absent, the file name without extension (with <c>#n</c> for the n-th document of a file).</summary>
    public string Id => Info.Id;

    public string Title => Info.Title;

    public string? Author => Info.Author;

    public string? Status => Info.Status;

    public string? Level => Info.Level;

    public string? Description => Info.Description;

    public IReadOnlyList<string> References => Info.References;

    public IReadOnlyList<string> Tags => Info.Tags;

    public SigmaLogsource Logsource => Info.Logsource;

    public SigmaDetection Detection => Info.Detection;

    public IReadOnlyList<string> Falsepositives => Info.Falsepositives;

    /// <summary>The file the rule was read from (as given to the loader).</summary>
    public string FilePath => Info.FilePath;

    /// <summary>The 1-based line where the rule's document starts.</summary>
    public int Line => Info.Line;

    /// <summary>The source kinds the rule is evaluated for.</summary>
    public IReadOnlyList<SourceKind> SourceKinds { get; }

    /// <summary>Incident categories from <c>incident.*</c> tags, e.g. <c>logging-tamper</c>.</summary>
    public IReadOnlyList<string> IncidentCategories { get; }

    /// <summary>Controls from <c>soc2.*</c>, <c>iso27001_2013.*</c>, <c>iso27001_2022.*</c> tags.</summary>
    public IReadOnlyList<SigmaControl> Controls { get; }

    /// <summary>MITRE ATT&amp;CK technique ids from <c>attack.tNNNN[.NNN]</c> tags, upper-cased (<c>T1562.008</c>).</summary>
    public IReadOnlyList<string> AttackTechniques { get; }

    /// <summary>The OCSF <c>severity_id</c> of the rule's level.</summary>
    public int SeverityId => SigmaLevel.ToSeverityId(Level);

    /// <summary>Whether the rule's detection matches a source record (logsource is not checked here).</summary>
    public bool Matches(JsonElement record) => Matcher.Matches(record);

    public override string ToString() => $"{Id} ({Title})";
}
