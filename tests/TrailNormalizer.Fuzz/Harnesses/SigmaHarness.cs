using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>
/// The Sigma YAML loader and rule compiler (<see cref="SigmaRuleLoader.LoadText"/>) on any text, then every rule it
/// accepts evaluated against records of every source kind. Contract: loading never throws (a bad rule is a
/// diagnostic with a message); evaluating a loaded rule never throws; loading and matching are deterministic.
/// </summary>
public static class SigmaHarness
{
    private static readonly JsonDocument Record = JsonDocument.Parse("""
        {"eventVersion":"1.09","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1",
         "sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0","errorCode":null,"readOnly":false,
         "userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","sessionContext":{"attributes":{"mfaAuthenticated":"false"}}},
         "requestParameters":{"userName":"break-glass","tags":[{"key":"env","value":"prod"}],"count":3,"ratio":0.5},
         "operationName":"Microsoft.Authorization/roleAssignments/write","category":"Administrative","resultType":"Success",
         "properties":{"status":"Succeeded","ipAddress":"198.51.100.4","conditionalAccessStatus":"notApplied","riskLevel":"high","count":12},
         "detail-type":"AWS API Call via CloudTrail","source":"aws.iam","detail":{"eventName":"DeleteTrail"},
         "eventType":"Microsoft.Resources.ResourceWriteSuccess","subject":"/subscriptions/0000/resourceGroups/rg","data":{"authorization":{"action":"Microsoft.Storage/storageAccounts/write"}}}
        """);

    public static void Run(byte[] input)
    {
        string yaml = Encoding.UTF8.GetString(input);
        var first = SigmaRuleLoader.LoadText(yaml, "fuzz.yml");
        var again = SigmaRuleLoader.LoadText(yaml, "fuzz.yml");
        if (!first.Rules.Select(r => r.Id).SequenceEqual(again.Rules.Select(r => r.Id)) || !first.Diagnostics.SequenceEqual(again.Diagnostics))
        {
            throw new ContractViolationException("loading the same text twice gave different rules or diagnostics");
        }

        if (first.Diagnostics.FirstOrDefault(d => string.IsNullOrWhiteSpace(d.Message)) is { } silent)
        {
            throw new ContractViolationException($"a diagnostic without a message at {silent.Line}:{silent.Column}");
        }

        foreach (var kind in Enum.GetValues<SourceKind>())
        {
            var matched = first.Evaluate(kind, Record.RootElement).Select(r => r.Id);
            if (!matched.SequenceEqual(again.Evaluate(kind, Record.RootElement).Select(r => r.Id)))
            {
                throw new ContractViolationException($"{kind}: the same rules matched the same record differently");
            }
        }
    }
}
