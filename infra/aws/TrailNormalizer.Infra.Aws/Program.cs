using Amazon.CDK;
using TrailNormalizer.Infra.Aws;

var app = new App();
var settings = TrailNormalizerSettings.FromContext(app.Node);
var account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT");
var region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION");
_ = new TrailNormalizerStack(app, "TrailNormalizer", settings, new StackProps
{
    Description = "TrailNormalizer: CloudTrail to OCSF evidence in S3 Object Lock with signed checkpoints",
    Env = new Amazon.CDK.Environment { Account = account, Region = region },
});
if (settings.ForwardGlobalEvents)
{
    _ = new GlobalEventsForwarderStack(app, "TrailNormalizerGlobalEvents", region!, settings, account);
}

app.Synth();
