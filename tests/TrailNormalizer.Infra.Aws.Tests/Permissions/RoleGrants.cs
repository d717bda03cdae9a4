using System.Text.Json;
using TrailNormalizer.Aws;

namespace TrailNormalizer.Infra.Aws.Tests.Permissions;

/// <summary>
/// What a function's role may do in a synthesized template: every Allow statement of the role's inline policies and of
/// the IAM policies attached to it (CDK puts X-Ray there), each resource classified as one of the resources the
/// functions use. A resource that is none of them fails the read.
/// </summary>
internal static class RoleGrants
{
    public static HashSet<IamGrant> Of(SynthesizedTemplate template, string handler, string? trailBucket, string? trailKeyArn, string? witnessBucket = null)
    {
        var role = template.RoleOf(handler);
        var statements = new List<JsonElement>();
        foreach (var policy in template.Resources.GetProperty(role).Properties().TryGetProperty("Policies", out var inline) ? inline.EnumerateArray() : default)
        {
            statements.AddRange(policy.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray());
        }

        foreach (var (_, policy) in template.ResourcesOfType("AWS::IAM::Policy"))
        {
            if (policy.Properties().GetProperty("Roles").GetRawText().Contains($"\"{role}\"", StringComparison.Ordinal))
            {
                statements.AddRange(policy.Properties().GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray());
            }
        }

        var logGroup = template.Function(handler).Resource.Properties().GetProperty("LoggingConfig").GetProperty("LogGroup").GetProperty("Ref").GetString()!;
        var grants = new HashSet<IamGrant>();
        foreach (var statement in statements.Select(s => new FoundStatement(role, "AWS::IAM::Role", s)))
        {
            if (statement.Effect != "Allow")
            {
                throw new InvalidOperationException($"{role} has a {statement.Effect} statement; this reader only reads Allow");
            }

            // One resource per statement here; compact JSON so references compare as text.
            var resource = Classify(template, JsonSerializer.Serialize(statement.Statement.GetProperty("Resource")), logGroup, trailBucket, trailKeyArn, witnessBucket);
            grants.UnionWith(statement.Actions.Select(action => new IamGrant(action, resource)));
        }

        return grants;
    }

    private static AwsResource Classify(SynthesizedTemplate template, string resource, string logGroup, string? trailBucket, string? trailKeyArn, string? witnessBucket)
    {
        var bucket = template.EvidenceBucket();
        return resource switch
        {
            "\"*\"" => AwsResource.AnyTrace,
            _ when trailKeyArn is not null && resource == $"\"{trailKeyArn}\"" => AwsResource.TrailKey,
            _ when trailBucket is not null && resource.Contains($":s3:::{trailBucket}/AWSLogs/*\"", StringComparison.Ordinal) => AwsResource.TrailObjects,
            _ when witnessBucket is not null && resource.Contains($":s3:::{witnessBucket}/", StringComparison.Ordinal) && resource.EndsWith("log/checkpoints/*\"]]}", StringComparison.Ordinal) => AwsResource.WitnessObjects,
            _ when resource == $$"""{"Ref":"{{template.FindingsTopic()}}"}""" => AwsResource.FindingsTopic,
            _ when resource == $$"""{"Fn::GetAtt":["{{template.FindingsKey()}}","Arn"]}""" => AwsResource.FindingsKey,
            _ when resource.Contains($"\"{bucket}\"", StringComparison.Ordinal) && resource.Contains("\"/", StringComparison.Ordinal) => AwsResource.EvidenceObjects,
            _ when resource == $$"""{"Fn::GetAtt":["{{bucket}}","Arn"]}""" => AwsResource.EvidenceBucket,
            _ when resource == $$"""{"Fn::GetAtt":["{{template.Key(signing: false)}}","Arn"]}""" => AwsResource.DataKey,
            _ when resource == $$"""{"Fn::GetAtt":["{{template.Key(signing: true)}}","Arn"]}""" => AwsResource.SigningKey,
            _ when resource == $$"""{"Fn::GetAtt":["{{template.Queue(deadLetter: false).LogicalId}}","Arn"]}""" => AwsResource.IngestQueue,
            _ when resource == $$"""{"Fn::GetAtt":["{{logGroup}}","Arn"]}""" => AwsResource.OwnLogGroup,
            _ => throw new InvalidOperationException($"statement resource {resource} is none of the resources the functions use"),
        };
    }
}
