using System.Text.Json;

namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>A compliance control of the catalogue: framework (<c>soc2</c>, <c>iso27001-2013</c>, ...), id and the standard's title.</summary>
public sealed record ControlInfo(string Framework, string Id, string Title)
{
    /// <summary>The OCSF label that tags an event as evidence of this control: <c>control:soc2:CC7.2</c>.</summary>
    public string Label => $"{ControlCatalog.LabelPrefix}{Framework}:{Id}";

    /// <summary>How the CLI and reports spell it: <c>soc2:CC7.2</c>.</summary>
    public string Name => $"{Framework}:{Id}";
}

/// <summary>An incident category of the catalogue with the controls (by name) it evidences.</summary>
public sealed record CategoryInfo(string Id, string Title, IReadOnlyList<string> Controls);

/// <summary>
/// The control catalogue <c>schemas/controls.json</c> (embedded in Core): frameworks, controls with their titles, and
/// incident categories with the controls each evidences. Read generically, so new controls or categories need no code.
/// </summary>
public sealed class ControlCatalog
{
    public const string LabelPrefix = "control:";

    private static readonly Lazy<ControlCatalog> Embedded = new(LoadEmbedded);

    private ControlCatalog(IReadOnlyDictionary<string, string> frameworks, IReadOnlyList<ControlInfo> controls, IReadOnlyList<CategoryInfo> categories)
    {
        Frameworks = frameworks;
        Controls = controls;
        Categories = categories;
        _byName = controls.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    private readonly Dictionary<string, ControlInfo> _byName;

    /// <summary>Framework name → title.</summary>
    public IReadOnlyDictionary<string, string> Frameworks { get; }

    public IReadOnlyList<ControlInfo> Controls { get; }

    public IReadOnlyList<CategoryInfo> Categories { get; }

    public static ControlCatalog BuiltIn => Embedded.Value;

    /// <summary>The control named <c>framework:id</c> (any case), or null.</summary>
    public ControlInfo? Find(string name) => _byName.GetValueOrDefault(name.Trim());

    /// <summary>The control an OCSF label names (<c>control:soc2:CC7.2</c>); a control missing from the catalogue gets its id as title.</summary>
    public ControlInfo? FromLabel(string label)
    {
        if (!label.StartsWith(LabelPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        string name = label[LabelPrefix.Length..];
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        return Find(name) ?? (colon > 0 ? new ControlInfo(name[..colon], name[(colon + 1)..], "(not in the control catalogue)") : null);
    }

    public static ControlCatalog Parse(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        var frameworks = root.GetProperty("frameworks").EnumerateArray()
            .ToDictionary(f => Text(f, "framework"), f => Text(f, "title"), StringComparer.Ordinal);
        var controls = root.GetProperty("controls").EnumerateArray()
            .Select(c => new ControlInfo(Text(c, "framework"), Text(c, "id"), Text(c, "title"))).ToList();
        var categories = root.TryGetProperty("categories", out var cats)
            ? cats.EnumerateArray().Select(c => new CategoryInfo(Text(c, "id"), Text(c, "title"),
                c.TryGetProperty("controls", out var byFramework) && byFramework.ValueKind == JsonValueKind.Object
                    ? byFramework.EnumerateObject().SelectMany(f => f.Value.EnumerateArray().Select(id => $"{f.Name}:{id.GetString()}")).ToList()
                    : [])).ToList()
            : [];
        return new ControlCatalog(frameworks, controls, categories);
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";

    private static ControlCatalog LoadEmbedded()
    {
        using var stream = typeof(ControlCatalog).Assembly.GetManifestResourceStream("controls.json")
            ?? throw new InvalidOperationException("the control catalogue is not embedded in TrailNormalizer.Core");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.ToArray());
    }
}
