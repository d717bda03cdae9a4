using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// Compiles one search identifier of a <c>detection</c> into a match node: a map is the AND of its fields, a list of
/// maps the OR of them, a list of plain values (or a single value) a keyword search; a field's list of values is an OR
/// unless <c>|all</c>.
/// </summary>
internal static class DetectionCompiler
{
    public static IMatchNode Compile(YamlNode node) => node switch
    {
        YamlMappingNode map => CompileMap(map),
        YamlSequenceNode list => CompileList(list),
        YamlScalarNode when YamlNodes.IsNull(node) => throw new RuleCompileException("a search identifier cannot be empty", node),
        YamlScalarNode scalar => Keywords([scalar], new Modifiers(), node),
        _ => throw new RuleCompileException("unsupported YAML node in a search identifier", node),
    };

    private static IMatchNode CompileList(YamlSequenceNode list)
    {
        if (list.Children.Count == 0)
        {
            throw new RuleCompileException("a search identifier cannot be an empty list", list);
        }

        if (list.Children.All(item => item is YamlScalarNode))
        {
            return Keywords(list.Children, new Modifiers(), list);
        }

        var branches = new List<IMatchNode>();
        var keywords = new List<YamlNode>();
        foreach (YamlNode item in list.Children)
        {
            switch (item)
            {
                case YamlMappingNode map:
                    branches.Add(CompileMap(map));
                    break;
                case YamlScalarNode:
                    keywords.Add(item);
                    break;
                default:
                    throw new RuleCompileException("a list in a search identifier may hold maps or values, not nested lists", item);
            }
        }

        if (keywords.Count > 0)
        {
            branches.Add(Keywords(keywords, new Modifiers(), list));
        }

        return branches.Count == 1 ? branches[0] : new OrNode([.. branches]);
    }

    private static IMatchNode CompileMap(YamlMappingNode map)
    {
        if (map.Children.Count == 0)
        {
            throw new RuleCompileException("a selection cannot be an empty map", map);
        }

        var fields = new List<IMatchNode>();
        foreach ((YamlNode keyNode, YamlNode valueNode) in map.Children)
        {
            string key = YamlNodes.KeyText(keyNode);
            string[] pieces = key.Split('|');
            string field = pieces[0];
            string? error = Modifiers.TryParse(pieces.Skip(1), out Modifiers modifiers);
            if (error is not null)
            {
                throw new RuleCompileException(error, keyNode);
            }

            YamlNode[] values = valueNode switch
            {
                YamlSequenceNode list => list.Children.ToArray(),
                YamlMappingNode => throw new RuleCompileException($"the value of '{key}' cannot be a map", valueNode),
                _ => [valueNode],
            };
            if (values.Length == 0)
            {
                throw new RuleCompileException($"'{key}' has an empty list of values", valueNode);
            }

            if (field.Length == 0)
            {
                fields.Add(Keywords(values, modifiers, keyNode));
                continue;
            }

            IValueTest[] tests = values.Select(value => CompileValue(value, modifiers)).ToArray();
            fields.Add(new FieldNode(new FieldPath(field), tests, modifiers.All && tests.Length > 1));
        }

        return fields.Count == 1 ? fields[0] : new AndNode([.. fields]);
    }

    private static KeywordNode Keywords(IEnumerable<YamlNode> values, Modifiers modifiers, YamlNode at)
    {
        bool plain = !modifiers.Contains && !modifiers.StartsWith && !modifiers.EndsWith && !modifiers.Re && !modifiers.Cidr
            && modifiers.Numeric is null && !modifiers.Exists && !modifiers.FieldRef;
        if (modifiers.Exists || modifiers.FieldRef)
        {
            throw new RuleCompileException("exists and fieldref need a field name", at);
        }

        IValueTest[] tests = values.Select(value => YamlNodes.IsNull(value)
            ? throw new RuleCompileException("a keyword cannot be null", value)
            : CompileValue(value, modifiers, containsByDefault: plain)).ToArray();
        return new KeywordNode(tests, modifiers.All && tests.Length > 1);
    }

    private static IValueTest CompileValue(YamlNode node, Modifiers modifiers, bool containsByDefault = false)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw new RuleCompileException("a value must be a single value, not a list or map", node);
        }

        if (YamlNodes.IsNull(node))
        {
            return modifiers.Exists ? throw new RuleCompileException("exists needs true or false", node) : NullTest.Instance;
        }

        string value = scalar.Value ?? string.Empty;
        if (modifiers.Exists)
        {
            return bool.TryParse(value, out bool exists)
                ? new ExistsTest(exists)
                : throw new RuleCompileException($"exists needs true or false, not '{value}'", node);
        }

        if (modifiers.Re)
        {
            return CompileRegex(value, modifiers, node);
        }

        if (modifiers.Cidr)
        {
            return CidrTest.TryParse(value) ?? throw new RuleCompileException($"'{value}' is not a CIDR network", node);
        }

        if (modifiers.Numeric is NumericComparison comparison)
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double bound)
                ? new NumericTest(comparison, bound)
                : throw new RuleCompileException($"'{value}' is not a number", node);
        }

        if (modifiers.FieldRef)
        {
            FieldRefMode mode = modifiers.Contains ? FieldRefMode.Contains
                : modifiers.StartsWith ? FieldRefMode.StartsWith
                : modifiers.EndsWith ? FieldRefMode.EndsWith
                : FieldRefMode.Equals;
            return value.Length == 0
                ? throw new RuleCompileException("fieldref needs a field name", node)
                : new FieldRefTest(new FieldPath(value), mode, modifiers.Cased);
        }

        var variants = new List<IValueTest>();
        foreach (string form in modifiers.Windash ? WindashForms.Of(value) : [value])
        {
            IEnumerable<List<PatternPart>> parts =
                modifiers.Base64Offset ? Base64Forms.Offsets(form).Select(SigmaWildcards.Literal)
                : modifiers.Base64 ? [SigmaWildcards.Literal(Base64Forms.Plain(form))]
                : [SigmaWildcards.Parse(form)];
            bool before = modifiers.Contains || modifiers.EndsWith || containsByDefault;
            bool after = modifiers.Contains || modifiers.StartsWith || containsByDefault;
            foreach (List<PatternPart> pattern in parts)
            {
                variants.Add(new PatternTest(new TextMatcher(SigmaWildcards.Anchor(pattern, before, after), modifiers.Cased)));
            }
        }

        return variants.Count == 1 ? variants[0] : new AnyTest([.. variants]);
    }

    private static RegexTest CompileRegex(string pattern, Modifiers modifiers, YamlNode node)
    {
        RegexOptions options = RegexOptions.CultureInvariant;
        options |= modifiers.ReIgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None;
        options |= modifiers.ReMultiline ? RegexOptions.Multiline : RegexOptions.None;
        options |= modifiers.ReSingleline ? RegexOptions.Singleline : RegexOptions.None;
        Regex regex;
        try
        {
            regex = new Regex(pattern, options, RegexTest.Timeout);
        }
        catch (ArgumentException e)
        {
            throw new RuleCompileException($"invalid regular expression '{pattern}': {e.Message}", node);
        }

        return new RegexTest(NonBacktracking(pattern, options) ?? regex);
    }

    /// <summary>
    /// The same expression run in linear time, when it has no construct that needs backtracking (backreferences,
    /// lookarounds, atomic groups): whether it matches is the same, but an unanchored <c>.+x.+</c> is not retried from
    /// every position of the text.
    /// </summary>
    private static Regex? NonBacktracking(string pattern, RegexOptions options)
    {
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking, RegexTest.Timeout);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
