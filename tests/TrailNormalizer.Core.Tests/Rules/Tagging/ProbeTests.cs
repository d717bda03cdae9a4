using System.Text.Json;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;
using TrailNormalizer.Core.Tests.Rules.Catalogue;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Tagging;

/// <summary>
/// Probe records go through the whole pipeline (decode → OCSF → tag with the built-in rules): the techniques the
/// rules once missed raise their category in every request form, and read-only calls raise nothing.
/// </summary>
public sealed class ProbeTests
{
    private static readonly Lazy<EventTagger> Tagger = new(() => new EventTagger(BuiltInRules.Load()));

    private static string ProbesDirectory => Path.Combine(RepoPaths.Fixtures, "probes");

    [Theory]
    // credential access
    [InlineData("aws_ec2_windows_password_data_read/match-1.json", "credential-access")]
    [InlineData("aws_ec2_windows_password_data_read/match-2.json", "credential-access")] // denied
    [InlineData("aws_ssm_parameter_decrypted/match-1.json", "credential-access")] // GetParameter
    [InlineData("aws_ssm_parameter_decrypted/match-2.json", "credential-access")] // GetParameters
    [InlineData("aws_ssm_parameter_decrypted/match-3.json", "credential-access")] // GetParametersByPath, denied
    [InlineData("aws_sts_federation_token_created/match-1.json", "credential-access")]
    [InlineData("aws_ec2_instance_connect_key_pushed/match-1.json", "remote-execution")] // SendSSHPublicKey
    [InlineData("aws_ec2_instance_connect_key_pushed/match-2.json", "remote-execution")] // SendSerialConsoleSSHPublicKey
    [InlineData("aws_ec2_serial_console_enabled/match-1.json", "remote-execution")]
    [InlineData("aws_iam_roles_anywhere_trust_changed/match-1.json", "credential-access")] // trust anchor
    [InlineData("aws_iam_roles_anywhere_trust_changed/match-2.json", "credential-access")] // profile
    // remote execution (also how instance credentials are read through SSM)
    [InlineData("aws_ssm_command_sent/match-1.json", "remote-execution")]
    [InlineData("aws_ssm_command_sent/match-2.json", "remote-execution")] // denied
    [InlineData("aws_ssm_session_started/match-1.json", "remote-execution")]
    [InlineData("azure_vm_run_command/match-1.json", "remote-execution")]
    [InlineData("azure_vm_extension_written/match-1.json", "remote-execution")]
    // security group opened to the world, every request form, any /0
    [InlineData("aws_ec2_security_group_open_to_internet/match-1.json", "network-exposure")] // ipPermissions ipRanges
    [InlineData("aws_ec2_security_group_open_to_internet/match-2.json", "network-exposure")] // ipPermissions ipv6Ranges
    [InlineData("aws_ec2_security_group_open_to_internet/match-4.json", "network-exposure")] // flat cidrIp 0.0.0.0/0
    [InlineData("aws_ec2_security_group_open_to_internet/match-5.json", "network-exposure")] // flat cidrIp x.x.x.x/0, denied
    [InlineData("aws_ec2_security_group_open_to_internet/match-6.json", "network-exposure")] // flat cidrIpv6 2001:db8::/0
    [InlineData("aws_ec2_security_group_open_to_internet/match-7.json", "network-exposure")] // ipRanges 10.1.2.3/0, denied
    [InlineData("aws_ec2_security_group_open_to_internet/match-9.json", "network-exposure")] // ModifySecurityGroupRules
    // shared with another account id, as well as all
    [InlineData("aws_snapshot_or_image_shared_with_account/match-1.json", "data-exposure")] // EBS userId
    [InlineData("aws_snapshot_or_image_shared_with_account/match-2.json", "data-exposure")] // AMI userId
    [InlineData("aws_snapshot_or_image_shared_with_account/match-4.json", "data-exposure")] // query form, denied
    [InlineData("aws_snapshot_or_image_shared_with_account/match-5.json", "data-exposure")] // RDS snapshot
    [InlineData("aws_snapshot_or_image_shared_with_account/match-6.json", "data-exposure")] // RDS cluster snapshot, denied
    [InlineData("aws_snapshot_or_image_shared_publicly/match-3.json", "data-exposure")] // AMI all, denied
    // leaving the organization, also denied
    [InlineData("aws_organizations_account_left_or_moved/match-1.json", "guardrail-removal")]
    [InlineData("aws_organizations_account_left_or_moved/match-2.json", "guardrail-removal")]
    // wildcard principals in resource policies
    [InlineData("aws_lambda_function_public/match-1.json", "data-exposure")]
    [InlineData("aws_lambda_function_public/match-2.json", "data-exposure")] // denied
    [InlineData("aws_resource_policy_public/match-1.json", "data-exposure")] // {"AWS":"*"}
    [InlineData("aws_resource_policy_public/match-2.json", "data-exposure")] // "*"
    [InlineData("aws_resource_policy_public/match-3.json", "data-exposure")] // {"AWS":["*"]}
    public void A_missed_technique_raises_its_category(string example, string category) =>
        CategoriesOf(Path.Combine(RuleFiles.ExamplesDirectory, example)).Should().Contain(category);

    public static TheoryData<string, string> MatchExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var rule in RuleFiles.All)
        {
            string folder = Path.Combine(RuleFiles.ExamplesDirectory, rule.Stem);
            foreach (string file in Directory.EnumerateFiles(folder, "match-*.json").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(RuleFiles.ExamplesDirectory, file), rule.CategoryFolder);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MatchExamples))]
    public void Every_match_example_normalized_and_tagged_carries_its_rules_category(string example, string category) =>
        CategoriesOf(Path.Combine(RuleFiles.ExamplesDirectory, example)).Should().Contain(category);

    private static IEnumerable<string> ReadOnlyProbeNames() =>
        Directory.EnumerateFiles(Path.Combine(ProbesDirectory, "read-only"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> ReadOnlyProbes() => new(ReadOnlyProbeNames());

    [Theory]
    [MemberData(nameof(ReadOnlyProbes))]
    public void A_read_only_call_raises_nothing(string probe)
    {
        var events = Normalize.File(Path.Combine(ProbesDirectory, "read-only", probe)).Events;
        events.Should().ContainSingle();
        Tagger.Value.Tag(events[0]).Should().BeSameAs(events[0], "{0} matches no rule", probe);
    }

    [Fact]
    public void The_read_only_probes_include_DescribeInstances_and_ListSecrets() =>
        ReadOnlyProbeNames().Should().Contain(["aws-describe-instances.json", "aws-list-secrets.json"]);

    private static List<string> CategoriesOf(string file)
    {
        var events = Normalize.File(file).Events;
        events.Should().ContainSingle("{0} is one source record", file);
        using var doc = JsonDocument.Parse(Tagger.Value.Tag(events[0]).Json);
        return doc.RootElement.GetProperty("metadata").TryGetProperty("labels", out var labels)
            ? labels.EnumerateArray().Select(l => l.GetString()!).Where(l => l.StartsWith("incident:", StringComparison.Ordinal)).Select(l => l["incident:".Length..]).ToList()
            : [];
    }
}
