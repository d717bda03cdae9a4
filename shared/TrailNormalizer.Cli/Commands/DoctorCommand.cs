using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrailNormalizer.Cli.Doctor;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm doctor aws|azure</c>: checks the synthesized or built templates before anything is deployed.</summary>
public static class DoctorCommand
{
    public static Command Create(CliConsole console) =>
        new("doctor", "Check the deployment templates before deploying: missing permissions, auth-level mismatches, parameters, "
            + "quotas and region caveats. One line per finding (ERROR, WARNING, CHECK); exit 1 when there is an ERROR.")
        {
            Aws(console),
            Azure(console),
        };

    private static Command Aws(CliConsole console)
    {
        var template = new Argument<string>("TEMPLATE") { Description = "The main stack's CloudFormation template: infra/aws/cdk.out/TrailNormalizer.template.json after cdk synth." };
        var region = new Option<string?>("--region") { Description = "The region the stack deploys to (CDK_DEFAULT_REGION).", HelpName = "REGION" };
        var forwarder = new Option<string?>("--forwarder") { Description = "The us-east-1 forwarder template (cdk.out/TrailNormalizerGlobalEvents.template.json), when synthesized.", HelpName = "TEMPLATE" };
        var command = new Command("aws", "Check the synthesized CDK app.") { template, region, forwarder };
        command.SetAction(result => Report(console, AwsDoctor.Examine(
            Read(result.GetRequiredValue(template)),
            result.GetValue(region),
            result.GetValue(forwarder) is { } path ? Read(path) : null)));
        return command;
    }

    private static Command Azure(CliConsole console)
    {
        var template = new Argument<string>("TEMPLATE") { Description = "The ARM template: bicep build infra/azure/main.bicep --outfile main.json." };
        var parameters = new Option<string?>("--parameters") { Description = "The ARM parameters: bicep build-params infra/azure/main.bicepparam --outfile main.parameters.json.", HelpName = "FILE" };
        var app = new Option<string?>("--app") { Description = "The Functions app folder (published handler, or functions-azure/TrailNormalizer.Azure) whose function.json files are checked.", HelpName = "DIR" };
        var command = new Command("azure", "Check the built Bicep.") { template, parameters, app };
        command.SetAction(result => Report(console, AzureDoctor.Examine(
            Read(result.GetRequiredValue(template)),
            result.GetValue(parameters) is { } path ? Parameters(Read(path)) : null,
            result.GetValue(app) is { } dir ? ExistingDirectory(dir) : null)));
        return command;
    }

    private static int Report(CliConsole console, List<Finding> findings)
    {
        foreach (var finding in findings.OrderBy(f => f.Severity))
        {
            console.Out.WriteLine(finding.ToString());
        }

        int errors = findings.Count(f => f.Severity == Severity.Error);
        console.Error.WriteLine($"doctor: {errors} errors, {findings.Count(f => f.Severity == Severity.Warning)} warnings, {findings.Count(f => f.Severity == Severity.Check)} things to check");
        return errors > 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>`bicep build-params --stdout` wraps the parameters file in {"parametersJson": "..."}; --outfile writes it bare.</summary>
    private static JsonObject Parameters(JsonObject file) =>
        file["parametersJson"] is JsonValue wrapped ? ParseObject(wrapped.ToString(), "parametersJson") : file;

    private static JsonObject Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"{path}: no such file", ExitCodes.Usage);
        }

        return ParseObject(File.ReadAllText(path), path);
    }

    private static JsonObject ParseObject(string text, string what)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new CliException($"{what}: not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new CliException($"{what}: not JSON ({ex.Message})");
        }
    }

    private static string ExistingDirectory(string dir) =>
        Directory.Exists(dir) ? dir : throw new CliException($"{dir}: no such folder", ExitCodes.Usage);
}
