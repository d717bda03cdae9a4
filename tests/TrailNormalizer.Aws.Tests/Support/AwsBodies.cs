using System.Globalization;
using System.Text.Json;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.Support;

/// <summary>Message bodies of every kind the SQS function receives, built from the repository's fixtures.</summary>
public static class AwsBodies
{
    /// <summary>An EventBridge "AWS API Call via CloudTrail" event for <paramref name="eventName"/> with its own eventID.</summary>
    public static string ApiCall(string eventId, string eventName = "StopInstances", string detailType = "AWS API Call via CloudTrail", string eventType = "AwsApiCall") =>
        $$$"""
        {"version":"0","id":"{{{Guid.NewGuid()}}}","detail-type":"{{{detailType}}}","source":"aws.ec2","account":"111122223333",
         "time":"2026-02-14T08:00:05Z","region":"eu-west-1","resources":[],
         "detail":{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEROLE00001:ops",
          "arn":"arn:aws:sts::111122223333:assumed-role/ops/ops","accountId":"111122223333"},"eventTime":"2026-02-14T08:00:03Z",
          "eventSource":"ec2.amazonaws.com","eventName":"{{{eventName}}}","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.40",
          "userAgent":"aws-sdk-go/1.50.0","requestParameters":{},"responseElements":null,"requestID":"{{{Guid.NewGuid()}}}",
          "eventID":"{{{eventId}}}","readOnly":false,"eventType":"{{{eventType}}}","managementEvent":true,"recipientAccountId":"111122223333"}}
        """;

    /// <summary>An EventBridge "AWS Console Sign In via CloudTrail" event.</summary>
    public static string ConsoleSignIn(string eventId) =>
        $$$"""
        {"version":"0","id":"{{{Guid.NewGuid()}}}","detail-type":"AWS Console Sign In via CloudTrail","source":"aws.signin","account":"111122223333",
         "time":"2026-02-14T08:10:00Z","region":"us-east-1","resources":[],
         "detail":{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEUSER00001","arn":"arn:aws:iam::111122223333:user/dana",
          "accountId":"111122223333","userName":"dana"},"eventTime":"2026-02-14T08:10:00Z","eventSource":"signin.amazonaws.com",
          "eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.23","userAgent":"Mozilla/5.0",
          "requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"},
          "eventID":"{{{eventId}}}","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333"}}
        """;

    /// <summary>An EventBridge "AWS Service Event via CloudTrail" event.</summary>
    public static string ServiceEvent(string eventId) =>
        ApiCall(eventId, "RotateKey", "AWS Service Event via CloudTrail", "AwsServiceEvent").Replace("\"aws.ec2\"", "\"aws.kms\"", StringComparison.Ordinal);

    /// <summary>An S3 ObjectCreated notification for one object.</summary>
    public static string S3ObjectCreated(string bucket, string key) =>
        $$$$"""
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1","eventTime":"2026-02-14T08:05:00.000Z",
         "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:AROAEXAMPLEROLE00002"},
         "requestParameters":{"sourceIPAddress":"192.0.2.10"},"responseElements":{"x-amz-request-id":"8C3F1A2B4D5E6F70"},
         "s3":{"s3SchemaVersion":"1.0","configurationId":"trail-logs","bucket":{"name":"{{{{bucket}}}}","ownerIdentity":{"principalId":"A1EXAMPLEOWNER"},
          "arn":"arn:aws:s3:::{{{{bucket}}}}"},"object":{"key":"{{{{key}}}}","size":512,"eTag":"0123456789abcdef","sequencer":"0065CB1E0A1B2C3D4E"}}}]}
        """;

    /// <summary>A CloudTrail "log file delivered" notice (the trail's SNS/SQS notification body).</summary>
    public static string CloudTrailFileNotice(string bucket, params string[] keys) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["s3Bucket"] = bucket, ["s3ObjectKey"] = keys }, AwsBodiesJson.Default.DictionaryStringObject);

    /// <summary>The signed SNS fixture (SignatureVersion 2, certificate in tests/fixtures/sns/certs).</summary>
    public static string SignedSnsEnvelope() => File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "sns", "sns-http-v2-eventbridge-cloudtrail.json"));

    /// <summary>The signed fixture with its Message altered after signing.</summary>
    public static string AlteredSnsEnvelope() => File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "sns", "sns-rejected-altered-message.json"));

    public const string SignedSnsTopic = "arn:aws:sns:us-east-1:111122223333:audit-trail";

    public static string SnsCertDirectory => Path.Combine(RepoPaths.Fixtures, "sns", "certs");

    /// <summary>A CloudTrail log file (<c>{"Records":[...]}</c>) with <paramref name="count"/> API calls, as CloudTrail writes it before gzip.</summary>
    public static string CloudTrailLog(string prefix, int count)
    {
        var records = Enumerable.Range(0, count).Select(i =>
        {
            using var api = JsonDocument.Parse(ApiCall($"{prefix}-{i.ToString("D4", CultureInfo.InvariantCulture)}", "RunInstances"));
            return api.RootElement.GetProperty("detail").GetRawText();
        });
        return "{\"Records\":[" + string.Join(",", records) + "]}";
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, object>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class AwsBodiesJson : System.Text.Json.Serialization.JsonSerializerContext;
