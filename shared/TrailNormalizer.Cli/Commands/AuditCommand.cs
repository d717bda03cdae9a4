using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using TrailNormalizer.Core.Evidence.Audit;
using TrailNormalizer.Core.Evidence.Reports;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm audit DIR --pubkey PUB [--control C]... [--from T] [--to T] [--sample N] [--seed S] [--trusted-checkpoint FILE] --out PACK</c></summary>
public static class AuditCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Sealed evidence folder." };
        var pubkey = new Option<string>("--pubkey", "-p") { Description = "The sealer's public key PEM: every check is made against it.", Required = true, HelpName = "PUB" };
        var controls = new Option<string[]>("--control", "-c")
        {
            Description = "Sample only events evidencing this control, FRAMEWORK:ID as in schemas/controls.json (soc2:CC7.2, iso27001-2022:A.8.15); repeatable; none: every event.",
            HelpName = "CONTROL",
            AllowMultipleArgumentsPerToken = false,
        };
        var from = new Option<string?>("--from") { Description = "Start of the audited period (ISO 8601, inclusive).", HelpName = "T" };
        var to = new Option<string?>("--to") { Description = "End of the audited period (ISO 8601, exclusive).", HelpName = "T" };
        var sample = new Option<int>("--sample", "-n") { Description = "How many events to draw and prove.", DefaultValueFactory = _ => 25, HelpName = "N" };
        var seed = new Option<string?>("--seed", "-s") { Description = "Sample seed (any text); without one a random seed is drawn and recorded in the pack.", HelpName = "S" };
        var trusted = new Option<string?>("--trusted-checkpoint")
        {
            Description = "checkpoint.txt kept from an earlier audit: the evidence must extend it (RFC 9162 consistency proof).",
            HelpName = "FILE",
        };
        var output = new Option<string>("--out", "-o") { Description = "New folder for the audit pack.", Required = true, HelpName = "PACK" };
        var auditor = new Option<string?>("--auditor") { Description = "Who runs the audit, for the report (default: the login name).", HelpName = "NAME" };
        var gapHours = new Option<double>("--gap-hours") { Description = "Report pauses longer than this between events of one account and region.", DefaultValueFactory = _ => 6, HelpName = "H" };
        var command = new Command("audit",
            "One command from evidence to a verified audit pack: verify everything, draw the seeded sample of events evidencing the controls in the period, "
            + "prove and re-verify each, and write report.html, report.md, sample.ndjson, proofs/, checkpoint.txt, key-fingerprint.txt, transcript.txt and manifest.sha256. Exit 0 only when every check passed.")
        {
            dir, pubkey, controls, from, to, sample, seed, trusted, output, auditor, gapHours,
        };
        command.SetAction(result =>
        {
            var store = EvidenceFolder.Open(result.GetRequiredValue(dir));
            byte[] spki = PublicKeyFile.Read(result.GetRequiredValue(pubkey));
            string pack = result.GetRequiredValue(output);
            if (Directory.Exists(pack) && Directory.EnumerateFileSystemEntries(pack).Any() || File.Exists(pack))
            {
                throw new CliException($"--out {pack} exists and is not empty: an audit pack goes into a new folder", ExitCodes.Usage);
            }

            var request = new AuditRequest
            {
                Controls = Controls(result.GetValue(controls) ?? []),
                FromMs = Time(result.GetValue(from), "--from"),
                ToMs = Time(result.GetValue(to), "--to"),
                SampleSize = result.GetValue(sample) is >= 1 and <= 10_000 and int n ? n : throw new CliException("--sample must be 1 to 10000", ExitCodes.Usage),
                Seed = result.GetValue(seed) ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                Auditor = result.GetValue(auditor) ?? Environment.UserName,
                GapThreshold = result.GetValue(gapHours) > 0 ? TimeSpan.FromHours(result.GetValue(gapHours)) : throw new CliException("--gap-hours must be positive", ExitCodes.Usage),
                TrustedCheckpoint = result.GetValue(trusted) is { } kept
                    ? File.Exists(kept) ? File.ReadAllText(kept) : throw new CliException($"trusted checkpoint not found: {kept}")
                    : null,
            };
            if (request.FromMs >= request.ToMs)
            {
                throw new CliException("--from must be before --to", ExitCodes.Usage);
            }

            var outcome = AuditPackWriter.Write(store, spki, request, pack, DateTimeOffset.UtcNow);
            foreach (var check in outcome.Summary.Checks)
            {
                console.Out.WriteLine(check.ToString());
            }

            int failed = outcome.Summary.Checks.Count(c => !c.Passed);
            console.Error.WriteLine(outcome.Summary.Passed
                ? string.Create(CultureInfo.InvariantCulture, $"audit: PASS: {outcome.Summary.Checks.Count} checks; pack {pack} (manifest SHA-256 {outcome.ManifestSha256})")
                : string.Create(CultureInfo.InvariantCulture, $"audit: FAILED: {failed} of {outcome.Summary.Checks.Count} checks failed; pack {pack} says so (manifest SHA-256 {outcome.ManifestSha256})"));
            return outcome.Summary.Passed ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static List<ControlInfo> Controls(string[] names) =>
        names.Select(n => ControlCatalog.BuiltIn.Find(n) ?? throw new CliException(
            $"--control {n}: not in the control catalogue; use FRAMEWORK:ID, e.g. {string.Join(", ", ControlCatalog.BuiltIn.Controls.Take(3).Select(c => c.Name))}", ExitCodes.Usage))
            .DistinctBy(c => c.Name).ToList();

    private static long? Time(string? text, string option) =>
        text is null ? null : OcsfTime.ParseIso(text) ?? throw new CliException($"{option} is not an ISO 8601 time: {text}", ExitCodes.Usage);
}
