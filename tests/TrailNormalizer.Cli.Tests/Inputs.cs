using System.Globalization;
using System.Text;

namespace TrailNormalizer.Cli.Tests;

/// <summary>Small synthetic inputs written for the CLI tests.</summary>
public static class Inputs
{
    public static string Record(int i, string account = "111122223333", string region = "eu-west-1") =>
        string.Create(CultureInfo.InvariantCulture, $$$"""
        {"eventVersion":"1.10","userIdentity":{"type":"Root","principalId":"{{{account}}}","arn":"arn:aws:iam::{{{account}}}:root","accountId":"{{{account}}}"},"eventTime":"2026-05-0{{{1 + (i % 3)}}}T1{{{i % 10}}}:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"{{{region}}}","sourceIPAddress":"198.51.100.{{{i % 200}}}","userAgent":"console.amazonaws.com","requestParameters":null,"responseElements":null,"requestID":"r{{{i}}}","eventID":"cli-{{{i:D6}}}","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"{{{account}}}","eventCategory":"Management"}
        """);

    public static void WriteLogFile(string path, int count, int offset = 0)
    {
        var sb = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < count; i++)
        {
            sb.Append(i > 0 ? "," : "").Append(Record(offset + i, region: i % 2 == 0 ? "eu-west-1" : "us-east-1"));
        }

        File.WriteAllText(path, sb.Append("]}").ToString());
    }
}
