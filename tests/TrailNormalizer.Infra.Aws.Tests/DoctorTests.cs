using System.Text.Json.Nodes;
using TrailNormalizer.Aws;
using TrailNormalizer.Cli.Doctor;
using TrailNormalizer.Infra.Aws.Tests.Permissions;

namespace TrailNormalizer.Infra.Aws.Tests;

/// <summary><c>trailnorm doctor aws</c> on the synthesized stacks, and on copies with each problem the review found.</summary>
[Collection(CdkTests.Name)]
public sealed class DoctorTests(SynthesizedStacks stacks)
{
    [Fact]
    public void The_default_stack_has_no_errors()
    {
        var findings = AwsDoctor.Examine(Json(stacks.Defaults), AwsDoctor.GlobalRegion, forwarder: null);

        findings.Where(f => f.Severity != Severity.Check).Should().BeEmpty();
        findings.Should().NotContain(f => f.Area == "quota", "the defaults reserve no concurrency");
    }

    [Fact]
    public void Outside_us_east_1_without_the_forwarder_the_missing_sign_in_events_are_a_warning()
    {
        var without = AwsDoctor.Examine(Json(stacks.Defaults), SynthesizedStacks.HomeRegion, forwarder: null);
        var with = AwsDoctor.Examine(Json(stacks.Full), SynthesizedStacks.HomeRegion, Json(stacks.Forwarder));
        var wrongRegion = AwsDoctor.Examine(Json(stacks.Full), "ap-southeast-2", Json(stacks.Forwarder));

        without.Should().ContainSingle(f => f.Area == "region").Which.Severity.Should().Be(Severity.Warning);
        without.Single(f => f.Area == "region").Message.Should().Contain("forwardGlobalEvents=true");
        with.Should().NotContain(f => f.Area == "region");
        wrongRegion.Should().ContainSingle(f => f.Area == "region").Which.Severity.Should().Be(Severity.Error);
    }

    [Fact]
    public void A_reserved_concurrency_is_named_as_a_quota_to_check()
    {
        var findings = AwsDoctor.Examine(Json(stacks.Full), SynthesizedStacks.HomeRegion, Json(stacks.Forwarder));

        findings.Should().ContainSingle(f => f.Area == "quota").Which.Message.Should().Contain("reserves 1").And.Contain("100 + 1");
        findings.Where(f => f.Severity == Severity.Error).Should().BeEmpty();
    }

    [Fact]
    public void A_role_without_an_action_its_code_calls_is_an_error()
    {
        var template = Json(stacks.Defaults);
        var seal = template["Resources"]!.AsObject().Single(r => r.Value!["Properties"]?["Handler"]?.ToString() == "seal").Value!;
        var role = template["Resources"]![seal["Properties"]!["Role"]!["Fn::GetAtt"]![0]!.ToString()]!;
        foreach (var statement in role["Properties"]!["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray())
        {
            if (statement!["Action"] is JsonArray actions && actions.Any(a => a!.ToString() == "kms:Sign"))
            {
                statement["Action"] = new JsonArray("kms:GetPublicKey");
            }
        }

        var errors = AwsDoctor.Examine(template, AwsDoctor.GlobalRegion, null).Where(f => f.Severity == Severity.Error).ToList();

        errors.Should().ContainSingle().Which.Message.Should().Be("the seal function's role lacks kms:Sign, which its code (or Lambda on its behalf) calls");
    }

    [Fact]
    public void The_doctors_required_actions_are_the_declared_operations()
    {
        RequiredPermissions.AwsSqsFunction.Should().BeEquivalentTo(
            AwsPermissionTable.Required(LambdaRoles.Sqs, trailBucket: false, trailKey: false).Select(g => g.Action).Distinct());
        RequiredPermissions.AwsSealFunction.Should().BeEquivalentTo(
            AwsPermissionTable.Required(LambdaRoles.Seal, trailBucket: false, trailKey: false).Select(g => g.Action).Distinct());
    }

    private static JsonObject Json(SynthesizedTemplate template) => JsonNode.Parse(template.Json.RootElement.GetRawText())!.AsObject();
}
