using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary>
/// Engine-independent checks that the built-in rules use only standard Sigma 2.x detection features: known
/// field modifiers, selections that are maps or lists of maps, and conditions that name only existing selections.
/// </summary>
public sealed partial class RuleDetectionTests
{
    private static readonly HashSet<string> StandardModifiers = new(StringComparer.Ordinal)
    {
        "contains", "startswith", "endswith", "all", "re", "i", "m", "s", "exists", "cased", "cidr",
        "gt", "gte", "lt", "lte", "base64", "base64offset", "utf16le", "utf16be", "wide", "utf16",
        "windash", "fieldref", "expand",
    };

    private static readonly HashSet<string> ConditionKeywords = new(StringComparer.Ordinal) { "and", "or", "not", "of", "them", "1", "all" };

    [GeneratedRegex(@"\(|\)|[^\s()]+")]
    private static partial Regex ConditionToken();

    [Theory]
    [MemberData(nameof(RuleTheoryData.Rules), MemberType = typeof(RuleTheoryData))]
    public void Uses_only_standard_modifiers_and_well_formed_selections(string rule)
    {
        var detection = (YamlMappingNode)RuleTheoryData.Get(rule).Node("detection")!;
        foreach (var (key, value) in Selections(detection))
        {
            var maps = value switch
            {
                YamlMappingNode map => [map],
                YamlSequenceNode seq => seq.Children.OfType<YamlMappingNode>().ToList(),
                _ => new List<YamlMappingNode>(),
            };
            maps.Should().NotBeEmpty("{0}: selection '{1}' must be a map or a list of maps (line {2})", rule, key, value.Start.Line);
            foreach (var field in maps.SelectMany(m => m.Children.Keys).OfType<YamlScalarNode>())
            {
                var parts = (field.Value ?? "").Split('|');
                parts[0].Should().NotBeNullOrWhiteSpace("{0}: empty field name at line {1}", rule, field.Start.Line);
                parts.Skip(1).Where(m => !StandardModifiers.Contains(m)).Should().BeEmpty("{0}: unknown modifier in '{1}' at line {2}", rule, field.Value, field.Start.Line);
            }
        }
    }

    [Theory]
    [MemberData(nameof(RuleTheoryData.Rules), MemberType = typeof(RuleTheoryData))]
    public void Condition_names_existing_selections_and_uses_them_all(string rule)
    {
        var detection = (YamlMappingNode)RuleTheoryData.Get(rule).Node("detection")!;
        var names = Selections(detection).Select(s => s.Key).ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var conditionNode = detection.Children[new YamlScalarNode("condition")];
        var conditions = conditionNode is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(c => c.Value ?? "")
            : [((YamlScalarNode)conditionNode).Value ?? ""];
        foreach (var condition in conditions)
        {
            var depth = 0;
            foreach (Match token in ConditionToken().Matches(condition))
            {
                var text = token.Value;
                depth += text == "(" ? 1 : text == ")" ? -1 : 0;
                depth.Should().BeGreaterThanOrEqualTo(0, "{0}: unbalanced parentheses in '{1}'", rule, condition);
                if (text is "(" or ")" || ConditionKeywords.Contains(text))
                {
                    continue;
                }

                var pattern = "^" + Regex.Escape(text).Replace(@"\*", ".*", StringComparison.Ordinal) + "$";
                var hits = names.Where(n => Regex.IsMatch(n, pattern)).ToList();
                hits.Should().NotBeEmpty("{0}: condition names '{1}', which is no selection", rule, text);
                used.UnionWith(hits);
            }

            depth.Should().Be(0, "{0}: unbalanced parentheses in '{1}'", rule, condition);
            if (condition.Contains("them", StringComparison.Ordinal))
            {
                used.UnionWith(names);
            }
        }

        names.Should().BeSubsetOf(used, "{0}: every selection should be used by the condition", rule);
    }

    private static IEnumerable<KeyValuePair<string, YamlNode>> Selections(YamlMappingNode detection) =>
        detection.Children
            .Where(c => c.Key is YamlScalarNode { Value: not ("condition" or "timeframe") })
            .Select(c => new KeyValuePair<string, YamlNode>(((YamlScalarNode)c.Key).Value!, c.Value));
}
