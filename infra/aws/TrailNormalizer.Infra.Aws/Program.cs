using Amazon.CDK;
using TrailNormalizer.Infra.Aws;

var app = new App();
var settings = TrailNormalizerSettings.FromContext(app.Node);
_ = new TrailNormalizerStack(app, "TrailNormalizer", settings, new StackProps
{
    Description = "TrailNormalizer: CloudTrail to OCSF evidence in S3 Object Lock with signed checkpoints",
    Env = new Amazon.CDK.Environment
    {
        Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
        Region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION"),
    },
});
app.Synth();
