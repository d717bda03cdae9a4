using System.Text.Json;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary>A control of <c>schemas/controls.json</c>.</summary>
public sealed record CatalogueControl(string Framework, string Id, string Title, string? Source, string? Note);

/// <summary>An incident category of <c>schemas/controls.json</c> with the controls it evidences, per framework.</summary>
public sealed record CatalogueCategory(string Id, string Tag, IReadOnlyDictionary<string, IReadOnlyList<string>> Controls);

/// <summary>The control catalogue <c>schemas/controls.json</c>, read with <see cref="JsonDocument"/>.</summary>
public sealed class ControlCatalogue
{
    private static readonly Lazy<ControlCatalogue> Loaded = new(() => Load(Path.Combine(RepoPaths.Root, "schemas", "controls.json")));

    private ControlCatalogue(IReadOnlyDictionary<string, string> frameworkTags, IReadOnlyList<CatalogueControl> controls, IReadOnlyList<CatalogueCategory> categories)
    {
        FrameworkTags = frameworkTags;
        Controls = controls;
        Categories = categories;
    }

    public static ControlCatalogue Shared => Loaded.Value;

    /// <summary>Framework name (as in OCSF labels, <c>iso27001-2013</c>) → tag namespace (<c>iso27001_2013</c>).</summary>
    public IReadOnlyDictionary<string, string> FrameworkTags { get; }

    public IReadOnlyList<CatalogueControl> Controls { get; }

    public IReadOnlyList<CatalogueCategory> Categories { get; }

    /// <summary>The rule tag spelling of a control: namespace, a dot, the id lower-cased with dots as underscores.</summary>
    public string TagOf(string framework, string id) =>
        FrameworkTags[framework] + "." + id.ToLowerInvariant().Replace('.', '_');

    /// <summary>Every control's tag spelling → the control.</summary>
    public IReadOnlyDictionary<string, CatalogueControl> ByTag() =>
        Controls.ToDictionary(c => TagOf(c.Framework, c.Id), StringComparer.Ordinal);

    public static ControlCatalogue Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var frameworks = root.GetProperty("frameworks").EnumerateArray()
            .ToDictionary(f => Text(f, "framework"), f => Text(f, "tag"), StringComparer.Ordinal);
        var controls = root.GetProperty("controls").EnumerateArray()
            .Select(c => new CatalogueControl(Text(c, "framework"), Text(c, "id"), Text(c, "title"), Optional(c, "source"), Optional(c, "note")))
            .ToList();
        var categories = root.GetProperty("categories").EnumerateArray()
            .Select(c => new CatalogueCategory(
                Text(c, "id"),
                Text(c, "tag"),
                c.GetProperty("controls").EnumerateObject().ToDictionary(
                    p => p.Name,
                    p => (IReadOnlyList<string>)p.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToList(),
                    StringComparer.Ordinal)))
            .ToList();
        return new ControlCatalogue(frameworks, controls, categories);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
