using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;
using TrailNormalizer.Core.Tests.Mapping;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Engine;

/// <summary>
/// The rule index only skips rules that cannot match: over every fixture record, the indexed evaluation gives exactly
/// the rules that evaluating each rule of the record's kind on its own gives, in load order.
/// </summary>
public class IndexedEvaluationTests
{
    /// <summary>Rules that use every kind of test, on fields the fixtures have, so that some match and some do not.</summary>
    private const string ModifierRules = """
        title: Exact event names with a contains filter
        logsource: {product: aws, service: cloudtrail}
        detection:
            selection:
                eventName: [ConsoleLogin, CreateAccessKey, PutBucketPolicy, StopLogging, AssumeRole]
            filter:
                userAgent|contains: 'console.amazonaws'
            condition: selection and not filter
        ---
        title: Prefix, suffix, regex and CIDR
        logsource: {product: aws, service: cloudtrail}
        detection:
            prefix:
                eventName|startswith: [Delete, Put]
            suffix:
                eventSource|endswith: '.amazonaws.com'
            regex:
                userIdentity.arn|re: ':(user|assumed-role)/'
            network:
                sourceIPAddress|cidr: ['198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32']
            condition: (prefix and suffix) or (regex and network)
        ---
        title: All values, base64, exists and null
        logsource: {product: aws, service: cloudtrail}
        detection:
            all:
                userAgent|contains|all: ['aws', '/']
            encoded:
                requestParameters.policyDocument|base64offset|contains: 'Effect'
            present:
                errorCode|exists: true
            absent:
                userIdentity.invokedBy: null
            condition: (all and absent) or encoded or present
        ---
        title: Keywords
        logsource: {product: aws}
        detection:
            keywords:
                - 'AccessDenied'
                - 'root'
            condition: keywords
        ---
        title: Activity Log operations with wildcards
        logsource: {product: azure, service: activitylogs}
        detection:
            operation:
                operationName:
                    - 'Microsoft.Authorization/roleAssignments/write'
                    - 'MICROSOFT.KEYVAULT/VAULTS/*'
            failed:
                status|contains: fail
            condition: operation or failed
        ---
        title: Entra by display name or any caller
        logsource: {product: azure}
        detection:
            name:
                activityDisplayName|endswith: [' user', 'policy']
            caller:
                caller|exists: true
            condition: name and not caller
        ---
        title: Indexed by operation name with a negated cased filter
        logsource: {product: azure, service: activitylogs}
        detection:
            selection:
                operationName.value: [Microsoft.Resources/deployments/write, Microsoft.Network/networkSecurityGroups/write]
            filter:
                caller|cased: Nobody
            condition: selection and not filter
        """;

    [Fact]
    public void Every_fixture_record_gets_the_same_matches_indexed_as_rule_by_rule()
    {
        var modifiers = SigmaRuleLoader.LoadText(ModifierRules, "modifiers.yml");
        modifiers.Diagnostics.Should().BeEmpty();
        var rules = SigmaRuleSet.Combine(BuiltInRules.Load(), modifiers);
        var sink = new CompareSink(rules);
        foreach (var (source, file) in GoldenFiles.AllCases())
        {
            var options = GoldenOptions.For(Path.Combine(RepoPaths.Fixtures, source));
            using var stream = InputFiles.Open(GoldenFiles.InputPath(source, file));
            var router = new RecordRouter(InputLimits.Default, FixedTime.Default, RecordHandlers.Default(options));
            NormalizationPipeline.ProcessStream(stream, file, InputFiles.IsLineDelimited(GoldenFiles.InputPath(source, file)), router, sink, InputLimits.Default);
        }

        sink.Mismatches.Should().BeEmpty();
        sink.Records.Should().BeGreaterThan(200);
        sink.MatchedModifierRules.Should().BeGreaterThanOrEqualTo(5, "most of the modifier rules match some fixture record");
        sink.Matches.Should().BeGreaterThan(50);
    }

    private sealed class CompareSink(SigmaRuleSet rules) : IRecordSink
    {
        private readonly HashSet<string> _matchedModifierRules = [];

        public List<string> Mismatches { get; } = [];

        public int Records { get; private set; }

        public int Matches { get; private set; }

        public int MatchedModifierRules => _matchedModifierRules.Count;

        public void Normalized(NormalizedEvent normalizedEvent)
        {
            if (normalizedEvent.Kind is not { } kind || normalizedEvent.RoutedRecord?.Value is not { } raw)
            {
                return;
            }

            using var rewritten = RuleInput.RewrittenRecord(kind, raw);
            var record = rewritten?.RootElement ?? RuleInput.RecordOf(kind, raw);
            var indexed = rules.Evaluate(kind, record).Select(r => r.Title).ToList();
            var oneByOne = rules.Rules.Where(r => r.SourceKinds.Contains(kind) && r.Matches(record)).Select(r => r.Title).ToList();
            if (!indexed.SequenceEqual(oneByOne))
            {
                Mismatches.Add($"{normalizedEvent.Uid}: indexed [{string.Join(", ", indexed)}], one by one [{string.Join(", ", oneByOne)}]");
            }

            Records++;
            Matches += indexed.Count;
            _matchedModifierRules.UnionWith(indexed.Where(t => rules.Rules.First(r => r.Title == t).FilePath == "modifiers.yml"));
        }

        public void Quarantined(QuarantineItem item)
        {
        }

        public void Control(string kind, string source)
        {
        }
    }
}
