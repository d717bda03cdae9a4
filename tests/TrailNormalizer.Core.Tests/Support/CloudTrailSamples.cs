using System.Globalization;
using System.Text;

namespace TrailNormalizer.Core.Tests.Support;

/// <summary>Generates synthetic CloudTrail records and log files for reader and store tests.</summary>
public static class CloudTrailSamples
{
    public static string Record(int i, string eventName = "DescribeInstances", string eventSource = "ec2.amazonaws.com") =>
        string.Create(CultureInfo.InvariantCulture, $$$"""
        {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE{{{i}}}","arn":"arn:aws:iam::111122223333:user/user{{{i}}}","accountId":"111122223333","accessKeyId":"AKIAEXAMPLE{{{i}}}","userName":"user{{{i}}}"},"eventTime":"2026-03-14T09:{{{i / 60 % 60:00}}}:{{{i % 60:00}}}Z","eventSource":"{{{eventSource}}}","eventName":"{{{eventName}}}","awsRegion":"eu-west-1","sourceIPAddress":"192.0.2.{{{i % 250}}}","userAgent":"aws-cli/2.15.0","requestParameters":{"instancesSet":{"items":[{"instanceId":"i-{{{i:x12}}}"}]}},"responseElements":null,"requestID":"req-{{{i}}}","eventID":"evt-{{{i:D8}}}","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}
        """);

    public static string LogFile(int count, bool pretty = false)
    {
        var sb = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(pretty ? "\n  " : "").Append(Record(i));
        }

        return sb.Append(pretty ? "\n]}\n" : "]}").ToString();
    }
}
