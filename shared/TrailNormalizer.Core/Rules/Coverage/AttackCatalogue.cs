using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Coverage;

/// <summary>An ATT&amp;CK technique or sub-technique the rules are measured against; <see cref="Reason"/> says why no rule can show it.</summary>
public sealed record AttackTechnique(string Id, string Name, IReadOnlyList<string> Tactics, string? Reason);

/// <summary>
/// The technique list <c>schemas/attack/techniques.json</c> (embedded in Core): the IaaS and Identity Provider
/// techniques of MITRE ATT&amp;CK Enterprise, each with a rule or a reason, and the built-in rules that carry no
/// technique on purpose. Read with <see cref="JsonDocument"/> (no reflection).
/// </summary>
public sealed class AttackCatalogue
{
    private const string ResourceName = "attack/techniques.json";

    private AttackCatalogue(string source, IReadOnlyList<AttackTechnique> techniques, IReadOnlyDictionary<string, string> rulesWithoutTechnique)
    {
        Source = source;
        Techniques = techniques;
        RulesWithoutTechnique = rulesWithoutTechnique;
        ById = techniques.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>Where the names come from (e.g. the ATT&amp;CK release).</summary>
    public string Source { get; }

    public IReadOnlyList<AttackTechnique> Techniques { get; }

    public IReadOnlyDictionary<string, AttackTechnique> ById { get; }

    /// <summary>Rule file stem → why the rule carries no technique.</summary>
    public IReadOnlyDictionary<string, string> RulesWithoutTechnique { get; }

    /// <summary>The catalogue embedded in the Core assembly.</summary>
    public static AttackCatalogue LoadBuiltIn()
    {
        using var stream = typeof(AttackCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var doc = JsonDocument.Parse(stream);
        return Read(doc.RootElement);
    }

    /// <summary>Reads a catalogue file of the same shape.</summary>
    public static AttackCatalogue Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return Read(doc.RootElement);
    }

    private static AttackCatalogue Read(JsonElement root)
    {
        var techniques = root.GetProperty("techniques").EnumerateArray()
            .Select(t => new AttackTechnique(
                t.GetProperty("id").GetString()!,
                t.GetProperty("name").GetString()!,
                t.GetProperty("tactics").EnumerateArray().Select(x => x.GetString()!).ToArray(),
                t.TryGetProperty("reason", out var r) ? r.GetString() : null))
            .ToArray();
        var without = root.TryGetProperty("rules_without_technique", out var w)
            ? w.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new AttackCatalogue(root.TryGetProperty("source", out var s) ? s.GetString() ?? "" : "", techniques, without);
    }
}
