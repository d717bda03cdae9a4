using System.Text.Json;

namespace TrailNormalizer.Infra.Aws.Tests;

[Collection(CdkTests.Name)]
public sealed class PermissionsTests(SynthesizedStacks stacks)
{
    private static readonly string[] Forbidden =
    [
        "s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
        "s3:PutLifecycleConfiguration", "s3:DeleteBucket", "s3:PutBucketVersioning", "kms:ScheduleKeyDeletion",
    ];

    private static readonly string[] ForbiddenPrefixes = ["s3:DeleteObject", "kms:Disable"];

    [Fact]
    public void No_statement_anywhere_allows_a_wildcard_or_forbidden_action()
    {
        foreach (var stack in stacks.Both)
        {
            var statements = PolicyStatements.All(stack).ToList();
            statements.Should().HaveCountGreaterThan(10, "the walker must find the policies");

            foreach (var statement in statements)
            {
                var where = $"{statement.LogicalId} ({statement.ResourceType}) {statement.Sid}";
                statement.NotActions.Should().BeEmpty(where);
                if (statement.Effect == "Deny")
                {
                    statement.IsTlsOnlyDeny.Should().BeTrue($"the only denies are TLS-only policies: {where}");
                    continue;
                }

                statement.Effect.Should().Be("Allow");
                foreach (var action in statement.Actions)
                {
                    action.Should().NotBe("*", where);
                    action.Should().NotEndWith(":*", where);
                    Forbidden.Should().NotContain(action, where);
                    ForbiddenPrefixes.Should().NotContain(p => action.StartsWith(p, StringComparison.Ordinal), $"{action} in {where}");
                }
            }
        }
    }

    [Fact]
    public void Statements_on_the_evidence_bucket_never_use_a_wildcard_action()
    {
        foreach (var stack in stacks.Both)
        {
            var bucket = stack.EvidenceBucket();
            var allows = PolicyStatements.All(stack)
                .Where(s => s.Effect == "Allow" && s.ResourceJson.Contains($"\"{bucket}\"", StringComparison.Ordinal))
                .ToList();

            allows.Should().HaveCount(9, "three evidence statements in each of the two function roles, three read-only ones for the analyst");
            allows.SelectMany(s => s.Actions).Should().OnlyContain(a => !a.Contains('*', StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Sqs_function_role_holds_exactly_its_explicit_statements()
    {
        var statements = RoleStatements(stacks.Full, "sqs");

        statements.Keys.Should().BeEquivalentTo(
            "ReadWriteEvidenceObjects", "CheckEvidenceBucketIsWorm", "ListEvidence", "EncryptEvidence",
            "ConsumeIngestQueue", "WriteOwnLogs", "ReadCloudTrailLogFiles", "DecryptCloudTrailLogFiles");
        ShouldHoldTheEvidenceStatements(stacks.Full, statements);
        statements["ConsumeIngestQueue"].Actions.Should().BeEquivalentTo("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
        statements["ConsumeIngestQueue"].ResourceJson.Should().Contain(stacks.Full.Queue(deadLetter: false).LogicalId);
        statements["ReadCloudTrailLogFiles"].Actions.Should().Equal("s3:GetObject");
        statements["ReadCloudTrailLogFiles"].ResourceJson.Should().Contain($":s3:::{SynthesizedStacks.CloudTrailBucket}/AWSLogs/*\"");
        statements["DecryptCloudTrailLogFiles"].Actions.Should().Equal("kms:Decrypt");
        statements["DecryptCloudTrailLogFiles"].ResourceJson.Should().Be($"\"{SynthesizedStacks.CloudTrailKeyArn}\"");
        statements["DecryptCloudTrailLogFiles"].HasCondition("StringEquals", "kms:ViaService").Should().BeTrue();
    }

    [Fact]
    public void Sqs_function_without_a_CloudTrail_bucket_reads_no_other_bucket()
    {
        RoleStatements(stacks.Defaults, "sqs").Keys.Should().BeEquivalentTo(
            "ReadWriteEvidenceObjects", "CheckEvidenceBucketIsWorm", "ListEvidence", "EncryptEvidence", "ConsumeIngestQueue", "WriteOwnLogs");
    }

    [Fact]
    public void Seal_function_role_holds_the_evidence_statements_and_signing_only()
    {
        var statements = RoleStatements(stacks.Full, "seal");

        statements.Keys.Should().BeEquivalentTo(
            "ReadWriteEvidenceObjects", "CheckEvidenceBucketIsWorm", "ListEvidence", "EncryptEvidence", "SignCheckpoints", "WriteOwnLogs",
            "PublishFindings", "EncryptFindingsThroughSns", "CopyCheckpointsToWitness");
        ShouldHoldTheEvidenceStatements(stacks.Full, statements);
        statements["PublishFindings"].Actions.Should().Equal("sns:Publish");
        statements["PublishFindings"].ResourceJson.Should().Contain(stacks.Full.FindingsTopic());
        statements["EncryptFindingsThroughSns"].Actions.Should().BeEquivalentTo("kms:GenerateDataKey", "kms:Decrypt");
        statements["EncryptFindingsThroughSns"].ResourceJson.Should().Contain(stacks.Full.FindingsKey());
        statements["EncryptFindingsThroughSns"].Statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("kms:ViaService").GetRawText().Should().Contain("sns.");
        statements["CopyCheckpointsToWitness"].Actions.Should().BeEquivalentTo("s3:PutObject", "s3:PutObjectRetention", "s3:GetObject");
        statements["CopyCheckpointsToWitness"].ResourceJson.Should().Contain($":s3:::{SynthesizedStacks.WitnessBucket}/{SynthesizedStacks.WitnessPrefix}log/checkpoints/*");
        RoleStatements(stacks.Defaults, "seal").Keys.Should().NotContain("CopyCheckpointsToWitness");
        statements["SignCheckpoints"].Actions.Should().BeEquivalentTo("kms:Sign", "kms:GetPublicKey");
        statements["SignCheckpoints"].ResourceJson.Should().Contain(stacks.Full.Key(signing: true));
    }

    [Fact]
    public void Each_function_has_its_own_role_without_managed_policies()
    {
        foreach (var stack in stacks.Both)
        {
            var sqsRole = stack.RoleOf("sqs");
            var sealRole = stack.RoleOf("seal");

            sqsRole.Should().NotBe(sealRole);
            foreach (var role in new[] { sqsRole, sealRole })
            {
                stack.Resources.GetProperty(role).Properties().TryGetProperty("ManagedPolicyArns", out _).Should().BeFalse();
            }
        }
    }

    [Fact]
    public void Listing_is_limited_to_the_evidence_prefix_when_there_is_one()
    {
        var full = RoleStatements(stacks.Full, "sqs");
        full["ListEvidence"].Statement.GetProperty("Condition").GetProperty("StringLike").GetProperty("s3:prefix")[0].GetString()
            .Should().Be(SynthesizedStacks.EvidencePrefix + "*");
        full["ReadWriteEvidenceObjects"].ResourceJson.Should().Contain($"\"/{SynthesizedStacks.EvidencePrefix}*\"");

        RoleStatements(stacks.Defaults, "sqs")["ListEvidence"].Statement.TryGetProperty("Condition", out _).Should().BeFalse();
    }

    private static void ShouldHoldTheEvidenceStatements(SynthesizedTemplate template, Dictionary<string, FoundStatement> statements)
    {
        var bucket = template.EvidenceBucket();
        statements["ReadWriteEvidenceObjects"].Actions.Should().BeEquivalentTo("s3:PutObject", "s3:PutObjectRetention", "s3:GetObject");
        statements["ReadWriteEvidenceObjects"].ResourceJson.Should().Contain(bucket);
        statements["CheckEvidenceBucketIsWorm"].Actions.Should().BeEquivalentTo("s3:GetBucketObjectLockConfiguration", "s3:GetBucketVersioning");
        statements["ListEvidence"].Actions.Should().Equal("s3:ListBucket");
        statements["EncryptEvidence"].Actions.Should().BeEquivalentTo("kms:GenerateDataKey", "kms:Decrypt");
        statements["EncryptEvidence"].ResourceJson.Should().Contain(template.Key(signing: false));
        statements["EncryptEvidence"].HasCondition("StringEquals", "kms:ViaService").Should().BeTrue();
        statements.Values.Should().OnlyContain(s => s.Effect == "Allow" && !s.ResourceJson.Contains("\"*\"", StringComparison.Ordinal));
    }

    /// <summary>The role's own inline statements by Sid (CDK's X-Ray statements live in a separate default policy).</summary>
    private static Dictionary<string, FoundStatement> RoleStatements(SynthesizedTemplate template, string handler)
    {
        var role = template.RoleOf(handler);
        var policies = template.Resources.GetProperty(role).Properties().GetProperty("Policies");
        policies.GetArrayLength().Should().Be(1);
        return policies[0].GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()
            .Select(s => new FoundStatement(role, "AWS::IAM::Role", s))
            .ToDictionary(s => s.Sid!, StringComparer.Ordinal);
    }
}
