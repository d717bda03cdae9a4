using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Cli.Tests;

/// <summary>
/// Evidence for the query and export tests, built once: the quick-start examples plus a CloudTrail file written
/// here with the cases the saved queries look for (root, break-glass, sign-ins with and without MFA, failed
/// sign-ins from one IP, logging tamper, privilege changes), the EventBridge and Azure Activity Log fixtures
/// (findings of both kinds, base events), and one unreadable record for the quarantine.
/// Expected results are computed from <c>trailnorm cat</c>, independently of DuckDB.
/// </summary>
public sealed class QueryEvidence : IDisposable
{
    private readonly TempDir _dir = new();

    public QueryEvidence()
    {
        Directory.CreateDirectory(_dir["in"]);
        File.WriteAllText(_dir["in/trail.json"], "{\"Records\":[" + string.Join(",", Records()) + "]}");
        File.WriteAllText(_dir["in/broken.json"], "{\"Records\":[{\"eventVersion\":\"1.09\",");
        foreach (string source in new[] { "eventbridge", "azure-activity" })
        {
            Directory.CreateDirectory(_dir["in/" + source]);
            foreach (string input in Directory.EnumerateFiles(Path.Combine(RepoPaths.Fixtures, source)).Where(f => !f.EndsWith(".ocsf.json", StringComparison.Ordinal)))
            {
                File.Copy(input, Path.Combine(_dir["in/" + source], Path.GetFileName(input)));
            }
        }

        var run = CliRun.Of("normalize", "--out", _dir["ev"], "--summary-json", _dir["summary.json"], _dir["in"], Path.Combine(RepoPaths.Root, "examples"));
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException(run.Error);
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(_dir["summary.json"]));
        Normalized = summary.RootElement.GetProperty("normalized").GetInt64();
        Quarantined = summary.RootElement.GetProperty("quarantined").GetInt64();
        Findings = summary.RootElement.GetProperty("findings").GetInt64();
        Events = Lines(CliRun.Of("cat", Dir).StandardOutput).Concat(Lines(CliRun.Of("cat", Dir, "--findings").StandardOutput))
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Digest = FolderDigest(Dir);
    }

    public string Dir => _dir["ev"];

    public string Temp(string name) => _dir[name];

    public long Normalized { get; }

    public long Quarantined { get; }

    /// <summary>Detection findings the escalation stored beside the events (summary <c>findings</c>).</summary>
    public long Findings { get; }

    /// <summary>Every stored event as <c>trailnorm cat</c> and <c>cat --findings</c> print them.</summary>
    public IReadOnlyList<JsonElement> Events { get; }

    /// <summary>SHA-256 over every file's path, mode and bytes when the evidence was written.</summary>
    public string Digest { get; }

    public static IEnumerable<string> Lines(byte[] ndjson) =>
        Encoding.UTF8.GetString(ndjson).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static string FolderDigest(string dir)
    {
        var text = new StringBuilder();
        foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append(file).Append(' ').Append(File.GetUnixFileMode(file)).Append(' ')
                .Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
        }

        return text.ToString();
    }

    public void Dispose() => _dir.Dispose();

    private static IEnumerable<string> Records()
    {
        const string root = """{"type":"Root","principalId":"444455556666","arn":"arn:aws:iam::444455556666:root","accountId":"444455556666"}""";
        yield return Record("q-01", "2026-04-01T08:00:00Z", "signin.amazonaws.com", "ConsoleLogin", root, "203.0.113.5",
            """ "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"},"eventType":"AwsConsoleSignIn" """);
        yield return Record("q-02", "2026-04-01T08:05:00Z", "s3.amazonaws.com", "ListBuckets", root, "203.0.113.5");
        for (int i = 0; i < 3; i++)
        {
            yield return Record($"q-1{i}", $"2026-04-01T09:0{i}:00Z", "signin.amazonaws.com", "ConsoleLogin", User($"guess{i % 2}"), "192.0.2.99",
                """ "responseElements":{"ConsoleLogin":"Failure"},"errorMessage":"Failed authentication","additionalEventData":{"MFAUsed":"No"},"eventType":"AwsConsoleSignIn" """);
        }

        yield return Record("q-20", "2026-04-02T10:00:00Z", "signin.amazonaws.com", "ConsoleLogin", User("carol"), "198.51.100.20",
            """ "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes"},"eventType":"AwsConsoleSignIn" """);
        yield return Record("q-21", "2026-04-02T10:30:00Z", "signin.amazonaws.com", "ConsoleLogin", User("dave"), "198.51.100.21",
            """ "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"},"eventType":"AwsConsoleSignIn" """);
        yield return Record("q-30", "2026-04-03T11:00:00Z", "cloudtrail.amazonaws.com", "StopLogging", User("mallory"), "198.51.100.30",
            """ "requestParameters":{"name":"org-trail"} """);
        yield return Record("q-31", "2026-04-05T11:00:00Z", "cloudtrail.amazonaws.com", "DeleteTrail", User("mallory"), "198.51.100.30",
            """ "requestParameters":{"name":"org-trail"} """);
        yield return Record("q-40", "2026-04-03T12:00:00Z", "iam.amazonaws.com", "AttachUserPolicy", User("alice"), "198.51.100.40",
            """ "requestParameters":{"userName":"bob","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"} """);
        yield return Record("q-41", "2026-04-04T12:00:00Z", "iam.amazonaws.com", "PutRolePolicy", User("alice"), "198.51.100.40",
            """ "requestParameters":{"roleName":"app","policyName":"p","policyDocument":"{}"} """);
        yield return Record("q-50", "2026-04-04T13:00:00Z", "ec2.amazonaws.com", "DescribeInstances", User("break-glass-admin"), "198.51.100.50");
    }

    private static string User(string name) =>
        $$"""{"type":"IAMUser","principalId":"AIDA{{name.ToUpperInvariant()}}","arn":"arn:aws:iam::444455556666:user/{{name}}","accountId":"444455556666","userName":"{{name}}"}""";

    private static string Record(string id, string time, string source, string name, string identity, string ip, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            {"eventVersion":"1.09","userIdentity":{{identity}},"eventTime":"{{time}}","eventSource":"{{source}}","eventName":"{{name}}",
             "awsRegion":"eu-central-1","sourceIPAddress":"{{ip}}","userAgent":"test","eventID":"{{id}}","recipientAccountId":"444455556666"{{(extra.Length > 0 ? "," + extra : "")}}}
            """);
}
