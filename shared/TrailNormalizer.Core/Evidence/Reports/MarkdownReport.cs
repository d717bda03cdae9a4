using System.Globalization;
using System.Text;

namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>The report as Markdown: the HTML page's content without the charts (their numbers are in the tables).</summary>
internal static class MarkdownReport
{
    public static string Render(CoverageReport r, AuditSummary? audit)
    {
        var sb = new StringBuilder();
        sb.Append(audit is null ? "# TrailNormalizer evidence report\n\n" : "# TrailNormalizer audit evidence report\n\n");
        if (audit is not null)
        {
            Verification(sb, audit);
        }

        Table(sb, ["what", "value"],
        [
            ["period", ReportRows.Period(r)],
            ["events", ReportText.N(r.Events)],
            ["quarantined items", ReportText.N(r.QuarantinedItems)],
            ["batches", ReportText.N(r.Batches)],
            ["sealed batches", $"{ReportText.N(r.SealedBatches)} in a log of {ReportText.N(r.LogSize)} under {ReportText.N(r.Checkpoints)} checkpoints"],
            ["last seal", r.LastSealedAt ?? "never sealed: run 'trailnorm seal'"],
            ["duplicate deliveries", $"{ReportText.N(r.DuplicateDeliveries)} extra stored copies of delivered events (same uid, same raw record; counted once)"],
            ["uid conflicts", r.UidConflicts.Count == 0 ? "0" : $"{ReportText.N(r.UidConflicts.Count)} uids stored with different raw records: {string.Join(", ", r.UidConflicts.Take(5))}"],
            ["abandoned writes", $"{ReportText.N(r.AbandonedWrites)} batch objects without a manifest recorded by seals (not evidence; 'trailnorm verify' lists them)"],
        ]);

        sb.Append("## Evidence by control\n\n");
        Table(sb, ["framework", "control", "title", "events", "incident categories", "first", "last"], ReportRows.Controls(r, audit).Select(c => new[]
        {
            c.Control.Framework, c.Requested ? $"**{c.Control.Id}**" : c.Control.Id, c.Control.Title, ReportText.N(c.Evidence?.Events ?? 0),
            ReportRows.Categories(c.Evidence), c.Evidence is { } e ? ReportText.Day(e.FirstMs) : "", c.Evidence is { } e2 ? ReportText.Day(e2.LastMs) : "",
        }));

        if (audit is not null)
        {
            Sample(sb, audit);
        }

        sb.Append("## Sources\n\n");
        Table(sb, ["source", "events"], r.Sources.OrderByDescending(s => s.Value).Select(s => new[] { s.Key, ReportText.N(s.Value) }));
        sb.Append("## Accounts and regions\n\n");
        Table(sb, ["partition", "events"], r.Partitions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new[] { p.Key, ReportText.N(p.Value) }));
        sb.Append("## Sign-in locations\n\nWhere clients signed in from (country or city of the source address), which is not a cloud region.\n\n");
        if (r.SignInLocations.Count == 0)
        {
            sb.Append("No sign-in carries a location.\n\n");
        }
        else
        {
            Table(sb, ["location", "sign-ins"], r.SignInLocations.OrderByDescending(l => l.Value).Select(l => new[] { l.Key, ReportText.N(l.Value) }));
        }

        sb.Append("## Event classes\n\n");
        Table(sb, ["class", "events"], r.Classes.OrderBy(c => c.Key).Select(c => new[] { ReportRows.ClassName(c.Key), ReportText.N(c.Value) }));
        sb.Append("## Incident categories\n\n");
        if (r.IncidentCategories.Count == 0)
        {
            sb.Append("No event carries an incident category label.\n\n");
        }
        else
        {
            Table(sb, ["category", "events", "what it means"], r.IncidentCategories.OrderByDescending(c => c.Value).Select(c => new[] { c.Key, ReportText.N(c.Value), ReportRows.CategoryTitle(c.Key) }));
        }

        sb.Append(CultureInfo.InvariantCulture, $"## Gaps longer than {r.GapThreshold.TotalHours.ToString(CultureInfo.InvariantCulture)} h per account and region\n\n");
        if (r.Gaps.Count == 0)
        {
            sb.Append("None: every account and region logged events without a longer pause.\n\n");
        }
        else
        {
            sb.Append("A gap is a possible logging outage and an audit finding until explained.\n\n");
            Table(sb, ["partition", "no events from", "until", "hours"], r.Gaps.Select(g => new[] { g.Partition, ReportText.Time(g.FromMs), ReportText.Time(g.ToMs), ReportText.Hours(g.FromMs, g.ToMs) }));
        }

        if (audit is not null)
        {
            sb.Append("## Checks\n\n");
            Table(sb, ["result", "check", "detail"], audit.Checks.Select(c => new[] { c.Passed ? "PASS" : "**FAIL**", c.Name, c.Detail }));
        }

        return sb.ToString();
    }

    private static void Verification(StringBuilder sb, AuditSummary a)
    {
        int failed = a.Checks.Count(c => !c.Passed);
        sb.Append(a.Passed
            ? "**VERIFIED: the evidence is intact and every sampled event is proven against the signed checkpoint.**\n\n"
            : $"**VERIFICATION FAILED: {failed} of {a.Checks.Count} checks failed.** Do not rely on this evidence until the failures below are explained.\n\n");
        foreach (var check in a.Checks.Where(c => !c.Passed))
        {
            sb.Append("- FAIL ").Append(check.Name).Append(": ").Append(check.Detail).Append('\n');
        }

        if (failed > 0)
        {
            sb.Append('\n');
        }

        Table(sb, ["verification", "value"],
        [
            ["controls", a.Controls.Count == 0 ? "all events" : string.Join(", ", a.Controls)],
            ["checkpoint", a.TreeSize is { } size ? $"tree size {ReportText.N(size)} (sealed batches), root {a.Root}, {ReportText.N(a.Checkpoints)} checkpoints in the chain" : "none verified"],
            ["kept checkpoint", a.TrustedTreeSize is { } trusted ? $"the evidence extends the auditor's kept checkpoint of tree size {ReportText.N(trusted)}" : "none given"],
            ["signing key", $"SHA-256 {a.KeyFingerprint}"],
            ["verified by", $"{a.Auditor} at {a.VerifiedAt}"],
            ["sample", $"{a.Sample.Count} of {ReportText.N(a.EligibleEvents)} eligible events (asked for {a.SampleSize}), seed \"{a.Seed}\""],
        ]);
    }

    private static void Sample(StringBuilder sb, AuditSummary a)
    {
        sb.Append("## Sample\n\n");
        if (a.Sample.Count == 0)
        {
            sb.Append("No event was eligible for the sample.\n\n");
            return;
        }

        Table(sb, ["#", "time", "event", "metadata.uid", "proof", "proof verified"], a.Sample.Select((s, i) => new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture), ReportText.Time(s.TimeMs), s.What, s.Uid, $"[{s.ProofFile}]({s.ProofFile})", s.ProofVerified ? "yes" : "**NO**",
        }));
    }

    private static void Table(StringBuilder sb, string[] header, IEnumerable<string[]> rows)
    {
        sb.Append("| ").AppendJoin(" | ", header).Append(" |\n|").AppendJoin("|", header.Select(_ => "---")).Append("|\n");
        foreach (var row in rows)
        {
            sb.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal))).Append(" |\n");
        }

        sb.Append('\n');
    }
}
