using System.CommandLine;
using System.Text.Json;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Coverage;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm rules lint [PATH...]</c>, <c>trailnorm rules test [RULES] [--examples DIR]</c> and <c>trailnorm rules coverage [RULES] [--out FILE]</c>.</summary>
public static class RulesCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("rules", "Check Sigma rules: lint them, or run them against their match / no-match examples.");
        command.Add(Lint(console));
        command.Add(Test(console));
        command.Add(Coverage(console));
        return command;
    }

    private static Command Coverage(CliConsole console)
    {
        var rulesPath = new Argument<string?>("RULES") { Description = "Rule folder (default: the built-in rules).", Arity = ArgumentArity.ZeroOrOne };
        var techniques = new Option<string?>("--techniques") { Description = "Technique list (default: the built-in schemas/attack/techniques.json).", HelpName = "FILE" };
        var output = new Option<string?>("--out", "-o") { Description = "Write the Markdown here instead of stdout (e.g. docs/coverage.md).", HelpName = "FILE" };
        var coverage = new Command("coverage", "Report detection coverage by MITRE ATT&CK technique (technique -> rules -> category -> controls) as Markdown.") { rulesPath, techniques, output };
        coverage.SetAction(result =>
        {
            string? path = result.GetValue(rulesPath);
            if (path is not null && !File.Exists(path) && !Directory.Exists(path))
            {
                throw new CliException($"rules not found: {path}");
            }

            string? techniquesFile = result.GetValue(techniques);
            if (techniquesFile is not null && !File.Exists(techniquesFile))
            {
                throw new CliException($"technique list not found: {techniquesFile}");
            }

            var set = path is null ? BuiltInRules.Load() : SigmaRuleLoader.Load([path]);
            var catalogue = techniquesFile is null ? AttackCatalogue.LoadBuiltIn() : AttackCatalogue.Load(techniquesFile);
            var report = AttackCoverageReport.Build(set, catalogue);
            string markdown = report.ToMarkdown();
            if (result.GetValue(output) is { } file)
            {
                File.WriteAllText(file, markdown);
            }
            else
            {
                console.Out.Write(markdown);
            }

            int covered = report.Techniques.Count(t => t.HasRule);
            int both = report.Techniques.Count(t => t.AwsRules.Count > 0 && t.AzureRules.Count > 0);
            console.Error.WriteLine($"rules coverage: {covered} of {report.Techniques.Count} techniques with rules ({both} on both clouds); {report.UnknownTechniques.Count} tagged techniques not in the list");
            return report.UnknownTechniques.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return coverage;
    }

    private static Command Lint(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Rule files or folders (default: the built-in rules).", Arity = ArgumentArity.ZeroOrMore };
        var lint = new Command("lint", "Report syntax errors, unknown modifiers, unsupported features and unknown logsources with file and line; exit 1 if any rule fails to load.") { paths };
        lint.SetAction(result =>
        {
            string[] given = result.GetValue(paths) ?? [];
            foreach (string path in given.Where(p => !File.Exists(p) && !Directory.Exists(p)))
            {
                throw new CliException($"rules not found: {path}");
            }

            var set = given.Length == 0 ? BuiltInRules.Load() : SigmaRuleLoader.Load(given);
            foreach (var diagnostic in set.Diagnostics)
            {
                console.Out.WriteLine(diagnostic.ToString());
            }

            console.Error.WriteLine($"rules lint: {set.Rules.Count} rules loaded, {set.Diagnostics.Count} not loaded");
            return set.Diagnostics.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return lint;
    }

    private static Command Test(CliConsole console)
    {
        var rulesPath = new Argument<string?>("RULES")
        {
            Description = "Rule folder (default: schemas/rules of the checkout the current folder is in).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var examples = new Option<string?>("--examples")
        {
            Description = "Folder with one sub-folder per rule file name holding match-*.json and nomatch-*.json source records "
                + "(default: RULES/examples if it exists, else tests/fixtures/rules of the checkout RULES is in).",
            HelpName = "DIR",
        };
        var test = new Command("test", "Run every rule against its examples: match-*.json must match, nomatch-*.json must not. Exit 1 on any failure.") { rulesPath, examples };
        test.SetAction(result =>
        {
            string rules = result.GetValue(rulesPath) ?? RuleExamples.DefaultRules();
            if (!File.Exists(rules) && !Directory.Exists(rules))
            {
                throw new CliException($"rules not found: {rules}");
            }

            var set = SigmaRuleLoader.Load([rules]);
            string dir = result.GetValue(examples) ?? RuleExamples.DefaultExamples(rules);
            if (!Directory.Exists(dir))
            {
                throw new CliException($"examples not found: {dir}");
            }

            console.Error.WriteLine($"rules test: {rules} against the examples in {dir}");
            int passed = 0, failed = 0;
            foreach (var rule in set.Rules)
            {
                string folder = Path.Combine(dir, Path.GetFileNameWithoutExtension(rule.FilePath));
                var files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList() : [];
                if (files.Count == 0)
                {
                    console.Out.WriteLine($"FAILED: {rule.FilePath}: no examples in {folder}");
                    failed++;
                    continue;
                }

                foreach (string file in files)
                {
                    bool expected = Path.GetFileName(file).StartsWith("match-", StringComparison.Ordinal);
                    using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                    if (rule.Matches(doc.RootElement) == expected)
                    {
                        passed++;
                    }
                    else
                    {
                        failed++;
                        console.Out.WriteLine($"FAILED: {rule.FilePath}: {Path.GetFileName(file)} should {(expected ? "" : "not ")}match");
                    }
                }
            }

            foreach (var diagnostic in set.Diagnostics)
            {
                console.Out.WriteLine($"FAILED: {diagnostic}");
                failed++;
            }

            console.Out.WriteLine($"rules test: {passed} passed, {failed} failed");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return test;
    }
}
