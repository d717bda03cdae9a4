using System.Globalization;
using System.Text;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// Generates CloudTrail log files of any size from a rotating set of record templates (sign-ins, role
/// assumptions, IAM changes, logging changes, reads and writes), so every mapper path is exercised.
/// </summary>
public static class SyntheticCloudTrail
{
    private static readonly (string Source, string Name, bool ReadOnly)[] Calls =
    [
        ("ec2.amazonaws.com", "DescribeInstances", true),
        ("s3.amazonaws.com", "GetObject", true),
        ("s3.amazonaws.com", "PutObject", false),
        ("sts.amazonaws.com", "AssumeRole", true),
        ("signin.amazonaws.com", "ConsoleLogin", false),
        ("iam.amazonaws.com", "CreateAccessKey", false),
        ("iam.amazonaws.com", "AttachUserPolicy", false),
        ("kms.amazonaws.com", "Decrypt", true),
        ("cloudtrail.amazonaws.com", "StopLogging", false),
        ("lambda.amazonaws.com", "Invoke", false),
        ("dynamodb.amazonaws.com", "BatchGetItem", true),
        ("ssm.amazonaws.com", "GetParameter", true),
    ];

    public static string Record(int i)
    {
        var (source, name, readOnly) = Calls[i % Calls.Length];
        string readOnlyText = readOnly ? "true" : "false";
        string error = i % 17 == 0 ? ",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User is not authorized to perform this operation\"" : "";
        return string.Create(CultureInfo.InvariantCulture, $$$$"""
            {"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE{{{{i % 97}}}}:session-{{{{i % 13}}}}","arn":"arn:aws:sts::111122223333:assumed-role/Deployer/session-{{{{i % 13}}}}","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE{{{{i % 89}}}}","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE{{{{i % 97}}}}","arn":"arn:aws:iam::111122223333:role/Deployer","accountId":"111122223333","userName":"Deployer"},"attributes":{"creationDate":"2026-03-14T08:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"2026-03-14T{{{{i / 3600 % 24:00}}}}:{{{{i / 60 % 60:00}}}}:{{{{i % 60:00}}}}Z","eventSource":"{{{{source}}}}","eventName":"{{{{name}}}}","awsRegion":"eu-west-{{{{1 + (i % 3)}}}}","sourceIPAddress":"203.0.113.{{{{i % 250}}}}","userAgent":"aws-sdk-go-v2/1.30.{{{{i % 9}}}} os/linux lang/go#1.22","requestParameters":{"resourceId":"res-{{{{i:x8}}}}","includeDetails":true,"filters":[{"name":"tag:env","values":["prod","stage"]}]},"responseElements":null,"requestID":"{{{{Guid(i, 1)}}}}","eventID":"{{{{Guid(i, 2)}}}}","readOnly":{{{{readOnlyText}}}},"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"{{{{source}}}}"}{{{{error}}}}}
            """);
    }

    /// <summary>A log file <c>{"Records":[...]}</c> of <paramref name="count"/> records from number <paramref name="first"/>, one per line.</summary>
    public static byte[] LogFile(int count, int first = 0)
    {
        var sb = new StringBuilder(count * 1300);
        sb.Append("{\"Records\":[\n");
        for (int i = first; i < first + count; i++)
        {
            sb.Append(i == first ? "" : ",\n").Append(Record(i));
        }

        return Encoding.UTF8.GetBytes(sb.Append("\n]}\n").ToString());
    }

    /// <summary>Writes a log file of at least <paramref name="minBytes"/> bytes without holding it in memory; returns the record count.</summary>
    public static long WriteLogFile(string path, long minBytes)
    {
        using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        file.Write("{\"Records\":[\n");
        long written = 14, count = 0;
        while (written < minBytes)
        {
            string record = Record((int)(count % int.MaxValue));
            if (count > 0)
            {
                file.Write(",\n");
            }

            file.Write(record);
            written += record.Length + 2;
            count++;
        }

        file.Write("\n]}\n");
        return count;
    }

    private static string Guid(int i, int salt) =>
        string.Create(CultureInfo.InvariantCulture, $"{i:x8}-{salt:x4}-4{i % 4096:x3}-8{(i * 7) % 4096:x3}-{(long)i * 2654435761 % 0xFFFFFFFFFFFF:x12}");
}
