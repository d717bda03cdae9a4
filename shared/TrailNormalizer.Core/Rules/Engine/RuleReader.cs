using YamlDotNet.RepresentationModel;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>Turns one YAML document into a compiled <see cref="SigmaRule"/>, or throws <see cref="RuleCompileException"/>.</summary>
internal static class RuleReader
{
    public static SigmaRule Read(YamlMappingNode root, string file, string fallbackId)
    {
        string? action = YamlNodes.Text(root, "action");
        if (YamlNodes.Child(root, "correlation") is not null || string.Equals(action, "correlation", StringComparison.OrdinalIgnoreCase))
        {
            throw new RuleCompileException("correlation rules are not supported", root);
        }

        if (action is not null)
        {
            throw new RuleCompileException($"rule collections (action: {action}) are not supported; write each rule as a full document", root);
        }

        if (YamlNodes.Child(root, "filter") is not null && YamlNodes.Child(root, "detection") is null)
        {
            throw new RuleCompileException("Sigma filter documents are not supported", root);
        }

        string title = YamlNodes.Text(root, "title") ?? throw new RuleCompileException("the rule has no title", root);
        SigmaLogsource logsource = ReadLogsource(root);
        if (SourceKinds.For(logsource).Count == 0)
        {
            throw new RuleCompileException(
                $"logsource '{logsource}' is not supported (supported: {string.Join(", ", SourceKinds.All.Select(SourceKinds.SigmaName))})",
                YamlNodes.Child(root, "logsource") ?? root);
        }

        if (YamlNodes.Child(root, "detection") is not YamlMappingNode detection)
        {
            throw new RuleCompileException("the rule has no detection map", YamlNodes.Child(root, "detection") ?? root);
        }

        (IMatchNode matcher, SigmaDetection written) = CompileDetection(detection);
        var info = new SigmaRuleInfo(
            YamlNodes.Text(root, "id") ?? fallbackId,
            title,
            YamlNodes.Text(root, "author"),
            YamlNodes.Text(root, "status"),
            YamlNodes.Text(root, "level"),
            YamlNodes.Text(root, "description"),
            YamlNodes.List(root, "references"),
            YamlNodes.List(root, "tags"),
            logsource,
            written,
            YamlNodes.List(root, "falsepositives"),
            file,
            (int)root.Start.Line);
        return new SigmaRule(info, matcher);
    }

    private static SigmaLogsource ReadLogsource(YamlMappingNode root)
    {
        YamlNode? node = YamlNodes.Child(root, "logsource");
        if (node is not YamlMappingNode map)
        {
            throw new RuleCompileException("the rule has no logsource map", node ?? root);
        }

        return new SigmaLogsource(YamlNodes.Text(map, "product"), YamlNodes.Text(map, "service"), YamlNodes.Text(map, "category"));
    }

    private static (IMatchNode Matcher, SigmaDetection Written) CompileDetection(YamlMappingNode detection)
    {
        var identifiers = new Dictionary<string, IMatchNode>(StringComparer.Ordinal);
        YamlNode? conditionNode = null;
        foreach ((YamlNode keyNode, YamlNode value) in detection.Children)
        {
            string key = YamlNodes.KeyText(keyNode);
            switch (key)
            {
                case "condition":
                    conditionNode = value;
                    break;
                case "timeframe":
                    throw new RuleCompileException("timeframe (aggregation over time) is not supported", keyNode);
                default:
                    identifiers[key] = DetectionCompiler.Compile(value);
                    break;
            }
        }

        if (conditionNode is null || YamlNodes.IsNull(conditionNode))
        {
            throw new RuleCompileException("the detection has no condition", conditionNode ?? detection);
        }

        YamlNode[] conditionNodes = conditionNode is YamlSequenceNode list ? list.Children.ToArray() : [conditionNode];
        if (conditionNodes.Length == 0)
        {
            throw new RuleCompileException("the detection has an empty list of conditions", conditionNode);
        }

        var conditions = new List<string>();
        var branches = new List<IMatchNode>();
        foreach (YamlNode node in conditionNodes)
        {
            string text = node is YamlScalarNode scalar && !YamlNodes.IsNull(node)
                ? scalar.Value ?? string.Empty
                : throw new RuleCompileException("a condition must be text", node);
            try
            {
                branches.Add(ConditionParser.Parse(text, identifiers));
            }
            catch (FormatException e)
            {
                throw new RuleCompileException(e.Message, node);
            }

            conditions.Add(text);
        }

        IMatchNode matcher = branches.Count == 1 ? branches[0] : new OrNode([.. branches]);
        return (matcher, new SigmaDetection(identifiers.Keys.ToArray(), conditions));
    }
}
