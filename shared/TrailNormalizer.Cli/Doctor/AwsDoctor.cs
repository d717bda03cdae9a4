using System.Globalization;
using System.Text.Json.Nodes;

namespace TrailNormalizer.Cli.Doctor;

/// <summary>
/// Pre-deployment checks of the CloudFormation the CDK app synthesizes (<c>cdk synth</c> → cdk.out/*.template.json):
/// each function role holds the actions its code needs, nothing is a wildcard, the queue outlasts the function, and
/// the account-level risks (concurrency quota, global-service events outside us-east-1) are named.
/// </summary>
public static class AwsDoctor
{
    public const string GlobalRegion = "us-east-1";

    /// <param name="template">The main stack's template.</param>
    /// <param name="region">The region it deploys to, when known.</param>
    /// <param name="forwarder">The us-east-1 forwarder stack's template (<c>-c forwardGlobalEvents=true</c>), when synthesized.</param>
    public static List<Finding> Examine(JsonObject template, string? region, JsonObject? forwarder)
    {
        ArgumentNullException.ThrowIfNull(template);
        var resources = template["Resources"] as JsonObject ?? throw new CliException("the template has no Resources: pass the main stack's cdk.out/<stack>.template.json");
        var findings = new List<Finding>();
        foreach (var (handler, required) in new[] { ("sqs", RequiredPermissions.AwsSqsFunction), ("seal", RequiredPermissions.AwsSealFunction) })
        {
            CheckRole(resources, handler, required, findings);
        }

        CheckConcurrency(resources, findings);
        CheckQueueVisibility(resources, findings);
        CheckGlobalEvents(region, forwarder, findings);
        findings.Add(new(Severity.Check, "cloudtrail", "EventBridge receives CloudTrail management events only while a trail with logging enabled exists in the account"));
        findings.Add(new(Severity.Check, "object lock", "the evidence bucket is created with Object Lock COMPLIANCE: nobody can delete a locked version before it expires; try a short retentionDays in a test account first"));
        return findings;
    }

    private static void CheckRole(JsonObject resources, string handler, string[] required, List<Finding> findings)
    {
        var function = resources.FirstOrDefault(r => Type(r.Value) == "AWS::Lambda::Function" && r.Value?["Properties"]?["Handler"]?.ToString() == handler);
        if (function.Value is null)
        {
            findings.Add(new(Severity.Error, "roles", $"no Lambda function with handler '{handler}' in the template"));
            return;
        }

        string? role = function.Value["Properties"]?["Role"]?["Fn::GetAtt"]?[0]?.ToString();
        var documents = new List<JsonNode?>();
        if (role is not null && resources[role]?["Properties"]?["Policies"] is JsonArray inline)
        {
            documents.AddRange(inline.Select(p => p?["PolicyDocument"]));
        }

        documents.AddRange(resources.Where(r => Type(r.Value) == "AWS::IAM::Policy"
                && (r.Value?["Properties"]?["Roles"]?.ToJsonString().Contains($"\"{role}\"", StringComparison.Ordinal) ?? false))
            .Select(r => r.Value?["Properties"]?["PolicyDocument"]));
        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var statement in documents.SelectMany(d => d?["Statement"] as JsonArray ?? []).Where(s => s?["Effect"]?.ToString() == "Allow"))
        {
            allowed.UnionWith(Strings(statement!["Action"]));
        }

        foreach (string action in allowed.Where(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)))
        {
            findings.Add(new(Severity.Error, "roles", $"the {handler} function's role allows the wildcard {action}"));
        }

        foreach (string action in required.Where(a => !allowed.Contains(a)))
        {
            findings.Add(new(Severity.Error, "roles", $"the {handler} function's role lacks {action}, which its code (or Lambda on its behalf) calls"));
        }

        foreach (string action in allowed.Where(a => !required.Contains(a, StringComparer.OrdinalIgnoreCase) && a != "*" && !a.EndsWith(":*", StringComparison.Ordinal)))
        {
            findings.Add(new(Severity.Warning, "roles", $"the {handler} function's role also allows {action}, which the function never calls"));
        }
    }

    private static void CheckConcurrency(JsonObject resources, List<Finding> findings)
    {
        foreach (var (id, function) in resources.Where(r => Type(r.Value) == "AWS::Lambda::Function"))
        {
            if (function?["Properties"]?["ReservedConcurrentExecutions"] is JsonNode reserved)
            {
                findings.Add(new(Severity.Check, "quota", $"{id} reserves {reserved} concurrent executions: the deployment fails unless the account's concurrency quota leaves 100 unreserved (Service Quotas, Lambda 'Concurrent executions' ≥ 100 + {reserved}); new accounts often have 10. Leave sealReservedConcurrency unset there: the sealer tolerates overlapping runs"));
            }
        }
    }

    private static void CheckQueueVisibility(JsonObject resources, List<Finding> findings)
    {
        foreach (var (_, mapping) in resources.Where(r => Type(r.Value) == "AWS::Lambda::EventSourceMapping"))
        {
            string? queue = mapping?["Properties"]?["EventSourceArn"]?["Fn::GetAtt"]?[0]?.ToString();
            string? function = mapping?["Properties"]?["FunctionName"]?["Ref"]?.ToString();
            if (queue is null || function is null
                || resources[queue]?["Properties"]?["VisibilityTimeout"]?.ToString() is not { } visibilityText
                || resources[function]?["Properties"]?["Timeout"]?.ToString() is not { } timeoutText)
            {
                continue;
            }

            int visibility = int.Parse(visibilityText, CultureInfo.InvariantCulture);
            int timeout = int.Parse(timeoutText, CultureInfo.InvariantCulture);
            if (visibility < timeout)
            {
                findings.Add(new(Severity.Error, "queue", $"{queue} has a visibility timeout of {visibility} s, below {function}'s timeout of {timeout} s: Lambda refuses the event source mapping"));
            }
        }
    }

    private static void CheckGlobalEvents(string? region, JsonObject? forwarder, List<Finding> findings)
    {
        if (forwarder is not null)
        {
            string targets = forwarder["Resources"]?.ToJsonString() ?? "";
            if (region is not null && !targets.Contains($":events:{region}:", StringComparison.Ordinal))
            {
                findings.Add(new(Severity.Error, "region", $"the global-events forwarder does not target the default bus in {region}"));
            }

            return;
        }

        const string Advice = "console sign-ins and IAM, STS (global endpoint), Organizations and other global-service events reach EventBridge only in us-east-1: deploy with -c forwardGlobalEvents=true (adds the TrailNormalizerGlobalEvents stack in us-east-1), or set cloudTrailBucket, whose log files hold every region";
        if (region is null)
        {
            findings.Add(new(Severity.Check, "region", $"unless the stack deploys to {GlobalRegion}: {Advice}"));
        }
        else if (region != GlobalRegion)
        {
            findings.Add(new(Severity.Warning, "region", $"the stack deploys to {region}; {Advice}"));
        }
    }

    private static string? Type(JsonNode? resource) => resource?["Type"]?.ToString();

    private static IEnumerable<string> Strings(JsonNode? value) => value switch
    {
        JsonArray list => list.Select(n => n?.ToString() ?? ""),
        null => [],
        _ => [value.ToString()],
    };
}
