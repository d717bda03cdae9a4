using System.CommandLine;
using TrailNormalizer.Core.Evidence.Reports;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm report DIR [--out FILE.md] [--html FILE.html] [--gap-hours H] [--from T] [--to T]</c></summary>
public static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Evidence folder." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the Markdown report to FILE instead of stdout.", HelpName = "FILE" };
        var html = new Option<string?>("--html") { Description = "Also write the report as an HTML page to FILE.", HelpName = "FILE" };
        var gapHours = new Option<double>("--gap-hours")
        {
            Description = "Report pauses longer than this between events of one account and region (a logging gap is an audit finding).",
            DefaultValueFactory = _ => 6,
            HelpName = "H",
        };
        var from = new Option<string?>("--from") { Description = "Only events at or after this ISO 8601 time.", HelpName = "T" };
        var to = new Option<string?>("--to") { Description = "Only events before this ISO 8601 time.", HelpName = "T" };
        var command = new Command("report",
            "Summarize what the evidence covers: period, evidence per control, activity and incident categories over time, logging gaps, sources, accounts/regions, classes, checkpoint status (Markdown, optionally an HTML page with charts).")
        {
            dir, output, html, gapHours, from, to,
        };
        command.SetAction(result =>
        {
            var store = EvidenceFolder.Open(result.GetRequiredValue(dir));
            double hours = result.GetValue(gapHours);
            if (hours <= 0)
            {
                throw new CliException("--gap-hours must be positive", ExitCodes.Usage);
            }

            CoverageReport report;
            using (var reading = ReadProgressStore.ReadingAll(store, console, "report"))
            {
                report = CoverageReport.Build(reading, TimeSpan.FromHours(hours), Time(result.GetValue(from), "--from"), Time(result.GetValue(to), "--to"));
            }

            string markdown = ReportRenderer.Markdown(report);
            if (result.GetValue(output) is { } path)
            {
                File.WriteAllText(path, markdown);
            }
            else
            {
                console.Out.Write(markdown);
            }

            if (result.GetValue(html) is { } htmlPath)
            {
                File.WriteAllText(htmlPath, ReportRenderer.Html(report));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static long? Time(string? text, string option) =>
        text is null ? null : OcsfTime.ParseIso(text) ?? throw new CliException($"{option} is not an ISO 8601 time: {text}", ExitCodes.Usage);
}
