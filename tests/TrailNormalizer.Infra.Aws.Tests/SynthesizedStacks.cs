using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using TrailNormalizer.Infra.Aws;

namespace TrailNormalizer.Infra.Aws.Tests;

/// <summary>
/// Synthesizes one CDK app holding two stacks — every option on, and all defaults — once for every test in the
/// collection (synth starts the jsii runtime and takes seconds). Tests read the CloudFormation the CLI would deploy.
/// </summary>
public sealed class SynthesizedStacks : IDisposable
{
    public const string CloudTrailBucket = "org-trail-logs";
    public const string CloudTrailKeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    public const string SnsTopic = "arn:aws:sns:us-east-1:111122223333:security-events";
    public const string EvidencePrefix = "evidence/";
    public const string WitnessBucket = "org-checkpoint-witness";
    public const string WitnessPrefix = "trailnorm/";

    private readonly string _workDir;

    public SynthesizedStacks()
    {
        RequireNode();
        _workDir = Directory.CreateTempSubdirectory("trailnorm-cdk-").FullName;
        var bootstrapDir = Directory.CreateDirectory(Path.Combine(_workDir, "publish")).FullName;
        File.WriteAllText(Path.Combine(bootstrapDir, "bootstrap"), "#!/bin/sh\nexit 0\n");
        foreach (var leftover in new[] { "bootstrap.dbg", "TrailNormalizer.Core.pdb", "bootstrap.xml" })
        {
            File.WriteAllText(Path.Combine(bootstrapDir, leftover), "not for Lambda");
        }

        FullSettings = new TrailNormalizerSettings
        {
            BootstrapDir = bootstrapDir,
            RetentionDays = 730,
            CloudTrailBucket = CloudTrailBucket,
            CloudTrailKeyArn = CloudTrailKeyArn,
            Arm64 = true,
            EvidencePrefix = EvidencePrefix,
            SealRateMinutes = 10,
            SnsTopics = [SnsTopic],
            LogOrigin = "example.com/trailnormalizer",
            ServerAccessLogs = true,
            ReadOnlyEvents = true,
            SealReservedConcurrency = 1,
            ForwardGlobalEvents = true,
            WitnessBucket = "arn:aws:s3:::" + WitnessBucket,
            WitnessPrefix = WitnessPrefix,
            QueryAccounts = ["111122223333", "444455556666"],
            AnalystPrincipalArn = "arn:aws:iam::111122223333:role/SiemReader",
        };
        DefaultSettings = new TrailNormalizerSettings { BootstrapDir = bootstrapDir };

        OutDir = Path.Combine(_workDir, "cdk.out");
        var app = new App(new AppProps { Outdir = OutDir });
        var full = new TrailNormalizerStack(app, "Full", FullSettings);
        var defaults = new TrailNormalizerStack(app, "Defaults", DefaultSettings);
        var forwarder = new GlobalEventsForwarderStack(app, "GlobalEvents", HomeRegion, FullSettings);
        var witness = new TrailNormalizerStack(app, "OwnWitness", DefaultSettings with { CreateWitnessBucket = true });
        var assembly = app.Synth();

        Full = Load(assembly.GetStackByName(full.StackName).TemplateFullPath);
        Defaults = Load(assembly.GetStackByName(defaults.StackName).TemplateFullPath);
        Forwarder = Load(assembly.GetStackByName(forwarder.StackName).TemplateFullPath);
        OwnWitness = Load(assembly.GetStackByName(witness.StackName).TemplateFullPath);
    }

    /// <summary>The region of the main stack the forwarder sends global-service events to.</summary>
    public const string HomeRegion = "eu-west-1";

    /// <summary>The cloud assembly folder, with the staged Lambda asset.</summary>
    public string OutDir { get; }

    public TrailNormalizerSettings FullSettings { get; }

    public TrailNormalizerSettings DefaultSettings { get; }

    /// <summary>Every option on: CloudTrail bucket + key, prefix, arm64, SNS topics, access logs, read-only events, 730 days.</summary>
    public SynthesizedTemplate Full { get; }

    /// <summary>Nothing but a bootstrap folder: EventBridge only, x86_64, 400 days.</summary>
    public SynthesizedTemplate Defaults { get; }

    /// <summary>The us-east-1 stack forwarding global-service events to <see cref="HomeRegion"/>.</summary>
    public SynthesizedTemplate Forwarder { get; }

    /// <summary>The defaults plus a witness bucket created in the stack.</summary>
    public SynthesizedTemplate OwnWitness { get; }

    public IEnumerable<SynthesizedTemplate> Both => [Full, Defaults];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>CDK runs its constructs in Node.js (jsii); without it the first CDK call fails with an obscure error.</summary>
    private static void RequireNode()
    {
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "node"))))
        {
            throw new InvalidOperationException(
                "The CDK tests need Node.js (the jsii runtime) on PATH: install nodejs (apt-get install -y nodejs) or run scripts/test.sh.");
        }
    }

    private static SynthesizedTemplate Load(string path)
    {
        var text = File.ReadAllText(path);
        return new SynthesizedTemplate(Template.FromString(text), JsonDocument.Parse(text));
    }
}

/// <summary>The same template as CDK's assertion helper and as plain JSON for walking every statement.</summary>
public sealed record SynthesizedTemplate(Template Template, JsonDocument Json)
{
    public JsonElement Resources => Json.RootElement.GetProperty(ResourcesField);

    private const string ResourcesField = "Resources";

    public IEnumerable<(string LogicalId, JsonElement Resource)> ResourcesOfType(string type) =>
        Resources.EnumerateObject()
            .Where(r => r.Value.GetProperty("Type").GetString() == type)
            .Select(r => (r.Name, r.Value));

    public string SingleLogicalId(string type, Func<JsonElement, bool> predicate) =>
        ResourcesOfType(type).Where(r => predicate(r.Resource)).Should().ContainSingle().Subject.LogicalId;

    public Dictionary<string, int> CountByType() =>
        Resources.EnumerateObject()
            .GroupBy(r => r.Value.GetProperty("Type").GetString()!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

[CollectionDefinition(Name)]
public sealed class CdkTests : ICollectionFixture<SynthesizedStacks>
{
    public const string Name = "synthesized CDK stacks";
}
