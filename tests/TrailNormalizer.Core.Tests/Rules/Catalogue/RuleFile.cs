using TrailNormalizer.TestSupport;
using YamlDotNet.RepresentationModel;

namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary>One built-in Sigma rule file under <c>schemas/rules/&lt;cloud&gt;/&lt;category&gt;/</c>, parsed with YamlDotNet's representation model.</summary>
public sealed class RuleFile
{
    private RuleFile(string path, YamlMappingNode root)
    {
        Path = path;
        Root = root;
        var relative = System.IO.Path.GetRelativePath(RuleFiles.Directory, path).Split(System.IO.Path.DirectorySeparatorChar);
        Cloud = relative.Length == 3 ? relative[0] : "";
        CategoryFolder = relative.Length == 3 ? relative[1] : "";
        Stem = System.IO.Path.GetFileNameWithoutExtension(path);
    }

    public string Path { get; }

    /// <summary>The file name without <c>.yml</c>; names the rule's example folder.</summary>
    public string Stem { get; }

    /// <summary>The first folder under <c>schemas/rules</c> (<c>aws</c> or <c>azure</c>).</summary>
    public string Cloud { get; }

    /// <summary>The second folder under <c>schemas/rules</c> (an incident category).</summary>
    public string CategoryFolder { get; }

    public YamlMappingNode Root { get; }

    public static RuleFile Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        stream.Documents.Should().HaveCount(1, "{0} must hold exactly one YAML document", path);
        var root = stream.Documents[0].RootNode as YamlMappingNode;
        root.Should().NotBeNull("{0} must be a YAML mapping", path);
        return new RuleFile(path, root!);
    }

    public YamlNode? Node(string key) =>
        Root.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public string? Scalar(string key) => (Node(key) as YamlScalarNode)?.Value;

    public string? Scalar(string mapKey, string key) =>
        Node(mapKey) is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? (node as YamlScalarNode)?.Value
            : null;

    public IReadOnlyList<string> Tags =>
        Node("tags") is YamlSequenceNode seq
            ? seq.Children.OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList()
            : [];

    public override string ToString() => System.IO.Path.GetRelativePath(RepoPaths.Root, Path);
}
