using System.Text.Json;
using TrailNormalizer.Cli.Query;
using TrailNormalizer.Infra.Aws.Siem;

namespace TrailNormalizer.Infra.Aws.Tests.Siem;

/// <summary>The Glue table, Athena workgroup, named queries and analyst role in the synthesized CloudFormation.</summary>
[Collection(CdkTests.Name)]
public sealed class EvidenceQueriesTemplateTests(SynthesizedStacks stacks)
{
    [Fact]
    public void The_events_table_projects_every_partition_of_the_evidence_key_layout()
    {
        var input = Single(stacks.Full, "AWS::Glue::Table").GetProperty("TableInput");
        var parameters = input.GetProperty("Parameters");

        input.GetProperty("Name").GetString().Should().Be("events");
        input.GetProperty("PartitionKeys").EnumerateArray().Select(k => k.GetProperty("Name").GetString())
            .Should().Equal("p_cloud", "p_account", "p_region", "p_date", "p_hour");
        parameters.GetProperty("projection.enabled").GetString().Should().Be("true");
        parameters.GetProperty("projection.p_cloud.values").GetString().Should().Be("aws");
        parameters.GetProperty("projection.p_region.values").GetString()!.Split(',').Should().Contain(["eu-west-1", "us-east-1", "unknown"]);
        parameters.GetProperty("projection.p_date.type").GetString().Should().Be("date");
        parameters.GetProperty("projection.p_date.format").GetString().Should().Be("yyyy-MM-dd");
        parameters.GetProperty("projection.p_date.range").GetString().Should().Be("2020-01-01,NOW");
        parameters.GetProperty("projection.p_hour.range").GetString().Should().Be("0,23");
        parameters.GetProperty("projection.p_hour.digits").GetString().Should().Be("2");
        var template = parameters.GetProperty("storage.location.template").GetRawText();
        template.Should().Contain(stacks.Full.EvidenceBucket())
            .And.Contain($"/{SynthesizedStacks.EvidencePrefix}events/cloud=${{p_cloud}}/account=${{p_account}}/region=${{p_region}}/date=${{p_date}}/hour=${{p_hour}}/");
    }

    [Fact]
    public void The_default_table_projects_the_stacks_own_account()
    {
        var parameters = Single(stacks.Defaults, "AWS::Glue::Table").GetProperty("TableInput").GetProperty("Parameters");

        parameters.GetProperty("projection.p_account.values").GetProperty("Ref").GetString().Should().Be("AWS::AccountId");
    }

    [Fact]
    public void The_events_table_reads_gzip_json_lines_with_the_OpenX_SerDe_into_OCSF_columns()
    {
        var storage = Single(stacks.Defaults, "AWS::Glue::Table").GetProperty("TableInput").GetProperty("StorageDescriptor");

        storage.GetProperty("SerdeInfo").GetProperty("SerializationLibrary").GetString().Should().Be("org.openx.data.jsonserde.JsonSerDe");
        storage.GetProperty("SerdeInfo").GetProperty("Parameters").GetProperty("ignore.malformed.json").GetString().Should().Be("true");
        storage.GetProperty("InputFormat").GetString().Should().Be("org.apache.hadoop.mapred.TextInputFormat");
        var columns = storage.GetProperty("Columns").EnumerateArray().ToDictionary(c => c.GetProperty("Name").GetString()!, c => c.GetProperty("Type").GetString()!);
        columns.Should().HaveCount(EventsTableSchema.Columns.Count);
        columns["time"].Should().Be("bigint");
        columns["metadata"].Should().Contain("labels:array<string>");
        columns["cloud"].Should().Be("struct<provider:string,region:string,account:struct<uid:string>>");
    }

    [Fact]
    public void The_workgroup_enforces_encrypted_results_in_its_bucket_and_a_scan_cutoff()
    {
        var configuration = Single(stacks.Defaults, "AWS::Athena::WorkGroup").GetProperty("WorkGroupConfiguration");
        var results = configuration.GetProperty("ResultConfiguration");

        configuration.GetProperty("EnforceWorkGroupConfiguration").GetBoolean().Should().BeTrue();
        configuration.GetProperty("BytesScannedCutoffPerQuery").GetDouble().Should().Be(10d * 1024 * 1024 * 1024);
        results.GetProperty("EncryptionConfiguration").GetProperty("EncryptionOption").GetString().Should().Be("SSE_S3");
        results.GetProperty("OutputLocation").GetRawText().Should().Contain(ResultsBucket(stacks.Defaults)).And.Contain("/results/");
        var bucket = stacks.Defaults.Resources.GetProperty(ResultsBucket(stacks.Defaults)).Properties();
        bucket.GetProperty("LifecycleConfiguration").GetProperty("Rules")[0].GetProperty("ExpirationInDays").GetInt32().Should().Be(30);
        bucket.GetProperty("PublicAccessBlockConfiguration").GetProperty("RestrictPublicBuckets").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void Every_saved_query_is_a_named_query_in_the_workgroup_on_the_evidence_database()
    {
        var named = stacks.Defaults.ResourcesOfType("AWS::Athena::NamedQuery").Select(q => q.Resource.Properties()).ToList();

        named.Select(q => q.GetProperty("Name").GetString()).Should().BeEquivalentTo(SavedQueryCatalog.All.Select(q => "trailnorm " + q.Name));
        named.Should().OnlyContain(q => q.GetProperty("Database").GetString() == "trailnormalizer" && q.GetProperty("WorkGroup").GetString() == "trailnormalizer");
        named.Single(q => q.GetProperty("Name").GetString() == "trailnorm logging-tamper-timeline").GetProperty("QueryString").GetString()
            .Should().Contain("contains(metadata.labels, 'incident:logging-tamper')");
    }

    [Fact]
    public void The_analyst_role_reads_the_events_prefix_and_queries_in_its_workgroup_only()
    {
        var statements = AnalystStatements(stacks.Full);
        var bucket = stacks.Full.EvidenceBucket();

        statements.Keys.Should().BeEquivalentTo(
            "RunQueriesInTheWorkgroup", "BrowseTheCatalog", "ReadTheEventsTable", "ReadEvidenceEvents", "LocateEvidenceBucket",
            "ListEvidenceEvents", "DecryptEvidenceThroughS3", "WriteAndReadResults", "UseResultsBucket");
        statements["ReadEvidenceEvents"].Actions.Should().Equal("s3:GetObject");
        statements["ReadEvidenceEvents"].ResourceJson.Should().Contain(bucket).And.Contain($"/{SynthesizedStacks.EvidencePrefix}events/*\"");
        statements["ListEvidenceEvents"].Statement.GetProperty("Condition").GetProperty("StringLike").GetProperty("s3:prefix")[0].GetString()
            .Should().Be(SynthesizedStacks.EvidencePrefix + "events/*");
        statements["DecryptEvidenceThroughS3"].Actions.Should().Equal("kms:Decrypt");
        statements["DecryptEvidenceThroughS3"].HasCondition("StringEquals", "kms:ViaService").Should().BeTrue();
        statements["RunQueriesInTheWorkgroup"].ResourceJson.Should().Contain(":workgroup/trailnormalizer\"");
        statements["WriteAndReadResults"].ResourceJson.Should().Contain(ResultsBucket(stacks.Full)).And.Contain("/results/*");

        var actions = statements.Values.SelectMany(s => s.Actions).ToList();
        actions.Should().OnlyContain(a => !a.Contains('*', StringComparison.Ordinal));
        actions.Where(a => a.StartsWith("s3:", StringComparison.Ordinal)).Except(["s3:PutObject", "s3:AbortMultipartUpload"])
            .Should().OnlyContain(a => a.StartsWith("s3:Get", StringComparison.Ordinal) || a.StartsWith("s3:List", StringComparison.Ordinal));
        statements.Values.Where(s => s.Actions.Contains("s3:PutObject")).Should().ContainSingle()
            .Which.ResourceJson.Should().NotContain(bucket, "the analyst writes query results, never evidence");
    }

    [Fact]
    public void The_analyst_role_is_assumed_by_the_configured_principal_or_the_account()
    {
        Trust(stacks.Defaults).Should().Contain(":root");
    }

    private static Dictionary<string, FoundStatement> AnalystStatements(SynthesizedTemplate template)
    {
        var (role, resource) = template.ResourcesOfType("AWS::IAM::Role")
            .Single(r => IsAnalyst(r.Resource));
        return resource.Properties().GetProperty("Policies")[0].GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()
            .Select(s => new FoundStatement(role, "AWS::IAM::Role", s))
            .ToDictionary(s => s.Sid!, StringComparer.Ordinal);
    }

    private static string Trust(SynthesizedTemplate template) =>
        template.ResourcesOfType("AWS::IAM::Role")
            .Single(r => IsAnalyst(r.Resource))
            .Resource.Properties().GetProperty("AssumeRolePolicyDocument").GetRawText();

    private static bool IsAnalyst(JsonElement role) =>
        role.Properties().TryGetProperty("Description", out var d) && d.GetString()!.Contains("analyst", StringComparison.Ordinal);

    private static string ResultsBucket(SynthesizedTemplate template) =>
        template.SingleLogicalId("AWS::S3::Bucket", r => r.Properties().TryGetProperty("LifecycleConfiguration", out _));

    private static JsonElement Single(SynthesizedTemplate template, string type) =>
        template.ResourcesOfType(type).Should().ContainSingle().Subject.Resource.Properties();
}
