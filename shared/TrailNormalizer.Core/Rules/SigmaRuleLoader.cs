using TrailNormalizer.Core.Rules.Engine;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailNormalizer.Core.Rules;

/// <summary>
/// Loads Sigma rules from <c>.yml</c>/<c>.yaml</c> files (one or several YAML documents each) and folders (recursively,
/// in ordinal path order). Every valid rule is compiled; every other one becomes a <see cref="RuleDiagnostic"/> with
/// its file, line and column. Loading never throws because of a bad rule.
/// </summary>
public static class SigmaRuleLoader
{
    /// <summary>Loads every rule under the given files and folders into one rule set.</summary>
    public static SigmaRuleSet Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var rules = new List<SigmaRule>();
        var diagnostics = new List<RuleDiagnostic>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                IEnumerable<string> files = Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                    .Where(IsRuleFile)
                    .Order(StringComparer.Ordinal);
                foreach (string file in files)
                {
                    ReadFile(file, rules, diagnostics);
                }
            }
            else if (File.Exists(path))
            {
                ReadFile(path, rules, diagnostics);
            }
            else
            {
                diagnostics.Add(new RuleDiagnostic(path, 0, 0, "no such file or folder"));
            }
        }

        return new SigmaRuleSet(rules, diagnostics);
    }

    /// <summary>Loads the rules in one YAML text (tests, tools); <paramref name="file"/> names it in diagnostics.</summary>
    public static SigmaRuleSet LoadText(string yaml, string file = "<text>")
    {
        var rules = new List<SigmaRule>();
        var diagnostics = new List<RuleDiagnostic>();
        ReadText(yaml, file, rules, diagnostics);
        return new SigmaRuleSet(rules, diagnostics);
    }

    /// <summary>Whether a file name is a rule file (<c>.yml</c> or <c>.yaml</c>).</summary>
    public static bool IsRuleFile(string path) =>
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    private static void ReadFile(string file, List<SigmaRule> rules, List<RuleDiagnostic> diagnostics)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException e)
        {
            diagnostics.Add(new RuleDiagnostic(file, 0, 0, "cannot read the file: " + e.Message));
            return;
        }
        catch (UnauthorizedAccessException e)
        {
            diagnostics.Add(new RuleDiagnostic(file, 0, 0, "cannot read the file: " + e.Message));
            return;
        }

        ReadText(text, file, rules, diagnostics);
    }

    private static void ReadText(string text, string file, List<SigmaRule> rules, List<RuleDiagnostic> diagnostics)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            diagnostics.Add(new RuleDiagnostic(file, (int)e.Start.Line, (int)e.Start.Column, "YAML syntax error: " + Clean(e)));
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet reports some malformed input without a position: use the end of the last good event.
            Mark at = parser.Current?.End ?? Mark.Empty;
            diagnostics.Add(new RuleDiagnostic(file, (int)at.Line, (int)at.Column, "YAML syntax error after this point: " + e.Message));
            return;
        }

        string baseId = Path.GetFileNameWithoutExtension(file);
        int count = stream.Documents.Count;
        for (int i = 0; i < count; i++)
        {
            YamlNode root = stream.Documents[i].RootNode;
            if (YamlNodes.IsNull(root))
            {
                continue;
            }

            if (root is not YamlMappingNode map)
            {
                diagnostics.Add(new RuleDiagnostic(file, (int)root.Start.Line, (int)root.Start.Column, "a rule document must be a map"));
                continue;
            }

            try
            {
                rules.Add(RuleReader.Read(map, file, count > 1 ? $"{baseId}#{i + 1}" : baseId));
            }
            catch (RuleCompileException e)
            {
                diagnostics.Add(new RuleDiagnostic(file, e.Line, e.Column, e.Message));
            }
        }
    }

    private static string Clean(YamlException e)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: ...): "; the diagnostic carries the position itself.
        string message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        int marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(marker + 3)..] : message;
    }
}
