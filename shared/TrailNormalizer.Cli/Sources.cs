namespace TrailNormalizer.Cli;

/// <summary>The sources <c>normalize</c> reads, as the help texts list them (docs/mapping-*.md has each mapping).</summary>
internal static class Sources
{
    public const string Summary =
        "AWS CloudTrail (log files, single records, arrays, NDJSON, LookupEvents output, digest files); "
        + "Amazon EventBridge (CloudTrail detail-types, SSM compliance, GuardDuty and Security Hub findings, any other event); "
        + "SQS and SNS envelopes (SNS signatures checked with --sns-certs); "
        + "S3 event notifications and CloudTrail log-file notices (resolved with --s3-mirror); "
        + "Azure Event Grid events and CloudEvents 1.0; "
        + "Azure Monitor records (Activity Log, Key Vault, Notification Hubs, other resource logs); "
        + "Microsoft Entra ID sign-in, audit, provisioning and risk logs (diagnostic export, Log Analytics rows, Microsoft Graph items and lists).";
}
