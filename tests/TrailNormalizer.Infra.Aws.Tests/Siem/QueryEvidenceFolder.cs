using System.Globalization;
using TrailNormalizer.Cli;

namespace TrailNormalizer.Infra.Aws.Tests.Siem;

/// <summary>
/// Evidence written by <c>trailnorm normalize</c> from CloudTrail records made here, with what each saved query looks
/// for: root activity, a break-glass user, console sign-ins with and without MFA, failed sign-ins from one IP,
/// logging tamper and privilege changes, over three days and two regions.
/// </summary>
public sealed class QueryEvidenceFolder : IDisposable
{
    public QueryEvidenceFolder()
    {
        Root = Directory.CreateTempSubdirectory("trailnorm-athena-").FullName;
        string input = Path.Combine(Root, "trail.json");
        File.WriteAllText(input, "{\"Records\":[" + string.Join(",", Records()) + "]}");
        var output = new StringWriter();
        var error = new StringWriter();
        int code = TrailnormApp.Run(["normalize", "--out", Dir, input], new CliConsole(output, error, new MemoryStream(), Interactive: false));
        if (code != 0 || !Directory.Exists(Path.Combine(Dir, "events")))
        {
            throw new InvalidOperationException($"normalize failed ({code}): {output} {error}");
        }
    }

    public string Root { get; }

    public string Dir => Path.Combine(Root, "evidence");

    public void Dispose()
    {
        // normalize leaves the evidence read-only.
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        Directory.Delete(Root, recursive: true);
    }

    private static IEnumerable<string> Records()
    {
        const string root = """{"type":"Root","principalId":"210987654321","arn":"arn:aws:iam::210987654321:root","accountId":"210987654321"}""";
        const string signIn = "\"eventType\":\"AwsConsoleSignIn\"";
        yield return Record("a-01", "2026-05-10T07:15:00Z", "signin.amazonaws.com", "ConsoleLogin", root, "203.0.113.7", "eu-west-1",
            $$""" "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"},{{signIn}} """);
        yield return Record("a-02", "2026-05-10T07:20:00Z", "iam.amazonaws.com", "CreateAccessKey", root, "203.0.113.7", "eu-west-1",
            """ "requestParameters":{"userName":"deploy"} """);
        for (int i = 0; i < 4; i++)
        {
            yield return Record($"a-1{i}", $"2026-05-10T09:1{i}:00Z", "signin.amazonaws.com", "ConsoleLogin", User(i % 2 == 0 ? "erin" : "frank"), "198.51.100.66", "eu-west-1",
                $$""" "responseElements":{"ConsoleLogin":"Failure"},"errorMessage":"Failed authentication","additionalEventData":{"MFAUsed":"No"},{{signIn}} """);
        }

        yield return Record("a-20", "2026-05-11T10:00:00Z", "signin.amazonaws.com", "ConsoleLogin", User("grace"), "198.51.100.70", "eu-west-1",
            $$""" "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes"},{{signIn}} """);
        yield return Record("a-21", "2026-05-11T10:40:00Z", "signin.amazonaws.com", "ConsoleLogin", User("heidi"), "198.51.100.71", "eu-west-1",
            $$""" "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"},{{signIn}} """);
        yield return Record("a-22", "2026-05-11T11:00:00Z", "signin.amazonaws.com", "ConsoleLogin", User("heidi"), "198.51.100.72", "eu-west-1",
            $$""" "responseElements":{"ConsoleLogin":"Failure"},"errorMessage":"Failed authentication","additionalEventData":{"MFAUsed":"No"},{{signIn}} """);
        yield return Record("a-30", "2026-05-11T12:00:00Z", "cloudtrail.amazonaws.com", "StopLogging", User("ivan"), "198.51.100.80", "us-east-2",
            """ "requestParameters":{"name":"org-trail"} """);
        yield return Record("a-31", "2026-05-13T12:00:00Z", "cloudtrail.amazonaws.com", "DeleteTrail", User("ivan"), "198.51.100.80", "us-east-2",
            """ "requestParameters":{"name":"org-trail"} """);
        yield return Record("a-40", "2026-05-11T13:00:00Z", "iam.amazonaws.com", "AttachRolePolicy", User("judy"), "198.51.100.90", "us-east-2",
            """ "requestParameters":{"roleName":"app","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"} """);
        yield return Record("a-41", "2026-05-13T13:00:00Z", "iam.amazonaws.com", "PutUserPolicy", User("judy"), "198.51.100.90", "us-east-2",
            """ "requestParameters":{"userName":"ops","policyName":"p","policyDocument":"{}"} """);
        yield return Record("a-50", "2026-05-13T14:00:00Z", "ec2.amazonaws.com", "DescribeVpcs", User("Break-Glass-1"), "198.51.100.99", "us-east-2");
    }

    private static string User(string name) =>
        $$"""{"type":"IAMUser","principalId":"AIDA{{name.ToUpperInvariant()}}","arn":"arn:aws:iam::210987654321:user/{{name}}","accountId":"210987654321","userName":"{{name}}"}""";

    private static string Record(string id, string time, string source, string name, string identity, string ip, string region, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            {"eventVersion":"1.09","userIdentity":{{identity}},"eventTime":"{{time}}","eventSource":"{{source}}","eventName":"{{name}}",
             "awsRegion":"{{region}}","sourceIPAddress":"{{ip}}","userAgent":"test","eventID":"{{id}}","recipientAccountId":"210987654321"{{(extra.Length > 0 ? "," + extra : "")}}}
            """);
}
