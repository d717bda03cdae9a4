using System.Globalization;
using System.Net;
using System.Text;

namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>
/// The report as one self-contained HTML page: a verification banner, key figures, evidence by control, activity and
/// incident charts (inline SVG), the sample with links to its proofs, and the detail tables. A Content-Security-Policy
/// forbids scripts and network loads; print CSS makes it a clean PDF (the banner stays on the first page).
/// </summary>
internal static class HtmlReport
{
    private static readonly string[] Palette = ["#0969da", "#8250df", "#bf3989", "#cf222e", "#bc4c00", "#4d7c0f", "#1a7f37", "#0e7490", "#9a6700", "#57606a"];

    public static string Render(CoverageReport r, AuditSummary? audit)
    {
        var h = new StringBuilder();
        string title = audit is null ? "TrailNormalizer evidence report" : "TrailNormalizer audit evidence report";
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append("</title><style>").Append(HtmlReportStyle.Css).Append("</style></head><body>\n<main>\n");
        h.Append("<header><h1>").Append(E(title)).Append("</h1><p class=\"subtitle\">");
        if (audit is not null)
        {
            h.Append(audit.Controls.Count == 0 ? "All events" : "Controls " + E(string.Join(", ", audit.Controls))).Append(" · ");
        }

        h.Append(E(ReportRows.Period(r))).Append("</p></header>\n");
        Banner(h, r, audit);
        Figures(h, r);
        Controls(h, r, audit);
        Activity(h, r);
        Incidents(h, r);
        if (audit is not null)
        {
            Sample(h, audit);
        }

        Details(h, r);
        if (audit is not null)
        {
            h.Append("<section id=\"checks\" class=\"page-break\"><h2>Checks</h2><p>Every check the audit ran, as in <code>transcript.txt</code>.</p>");
            Table(h, "checks-table", ["result", "check", "detail"], audit.Checks.Select(c => new object[] { Raw(c.Passed ? "<span class=\"ok\">PASS</span>" : "<span class=\"bad\">FAIL</span>"), c.Name, c.Detail }));
            h.Append("<p class=\"muted\">Re-verify this pack later with only the pack and the public key: <code>trailnorm verify-pack PACK --pubkey PUB</code>.</p></section>\n");
        }

        return h.Append("</main>\n</body></html>\n").ToString();
    }

    private static void Banner(StringBuilder h, CoverageReport r, AuditSummary? a)
    {
        if (a is null)
        {
            h.Append("<section id=\"banner\" class=\"banner neutral\"><div class=\"verdict\">Not verified by this report</div>")
                .Append("<p>This report summarizes what the evidence holds. Run <code>trailnorm audit</code> (or <code>trailnorm verify --pubkey</code>) to check it.</p><dl>");
            Fact(h, "sealed", $"{ReportText.N(r.SealedBatches)} of {ReportText.N(r.Batches)} batches in a log of {ReportText.N(r.LogSize)}");
            Fact(h, "checkpoints", ReportText.N(r.Checkpoints));
            Fact(h, "last seal", r.LastSealedAt ?? "never sealed");
            h.Append("</dl></section>\n");
            return;
        }

        int failed = a.Checks.Count(c => !c.Passed);
        h.Append("<section id=\"banner\" class=\"banner ").Append(a.Passed ? "pass" : "fail").Append("\"><div class=\"verdict\">")
            .Append(a.Passed
                ? "&#10003; Evidence verified intact"
                : E($"\u2717 Verification FAILED: {failed} of {a.Checks.Count} checks failed"))
            .Append("</div><p>")
            .Append(a.Passed
                ? E($"Every batch matches its manifest, the checkpoint chain is signed by the key below, and all {a.Sample.Count} sampled events are proven against the signed checkpoint.")
                : "Do not rely on this evidence until the failures below are explained.")
            .Append("</p>");
        if (failed > 0)
        {
            h.Append("<ul class=\"failures\">");
            foreach (var c in a.Checks.Where(c => !c.Passed))
            {
                h.Append("<li><strong>").Append(E(c.Name)).Append("</strong>: ").Append(E(c.Detail)).Append("</li>");
            }

            h.Append("</ul>");
        }

        h.Append("<dl>");
        Fact(h, "checkpoint", a.TreeSize is { } size ? $"tree size {ReportText.N(size)} · {ReportText.N(a.Checkpoints)} checkpoints in the chain" : "none verified");
        Fact(h, "log root", a.Root ?? "—");
        Fact(h, "kept checkpoint", a.TrustedTreeSize is { } trusted ? $"extends the auditor's checkpoint of tree size {ReportText.N(trusted)}" : "none given (keep checkpoint.txt for the next audit)");
        Fact(h, "signing key", "SHA-256 " + Group(a.KeyFingerprint));
        Fact(h, "verified by", $"{a.Auditor}, {a.VerifiedAt}");
        Fact(h, "sample", $"{a.Sample.Count} of {ReportText.N(a.EligibleEvents)} eligible events, seed \u201c{a.Seed}\u201d");
        h.Append("</dl></section>\n");
    }

    private static void Figures(StringBuilder h, CoverageReport r)
    {
        h.Append("<section id=\"figures\" class=\"figures\">");
        Figure(h, ReportText.N(r.Events), "events");
        Figure(h, ReportText.N(r.Partitions.Count), "accounts / regions");
        Figure(h, ReportText.N(r.IncidentCategories.Values.Sum()), "incident category tags");
        Figure(h, ReportText.N(r.Gaps.Count), "logging gaps", r.Gaps.Count > 0);
        Figure(h, ReportText.N(r.QuarantinedItems), "quarantined items", r.QuarantinedItems > 0);
        h.Append("</section>\n");
    }

    private static void Controls(StringBuilder h, CoverageReport r, AuditSummary? a)
    {
        h.Append("<section id=\"controls\"><h2>Evidence by control</h2><p>Events the rules tagged as evidence of each control of the catalogue in the period")
            .Append(a is { Controls.Count: > 0 } ? "; the controls of this audit are highlighted" : "").Append(".</p>");
        h.Append("<table id=\"control-table\"><thead><tr><th>control</th><th>title</th><th class=\"num\">events</th><th>incident categories</th><th>first</th><th>last</th></tr></thead>");
        string? framework = null;
        foreach (var row in ReportRows.Controls(r, a))
        {
            if (row.Control.Framework != framework)
            {
                framework = row.Control.Framework;
                string frameworkTitle = ControlCatalog.BuiltIn.Frameworks.GetValueOrDefault(framework, framework);
                h.Append("<tbody><tr class=\"framework\"><th colspan=\"6\">").Append(E(frameworkTitle)).Append("</th></tr>");
            }

            var e = row.Evidence;
            string css = (row.Requested ? "requested " : "") + (e is null ? "none" : "");
            h.Append("<tr class=\"").Append(css.Trim()).Append("\"><td class=\"id\">").Append(E(row.Control.Id)).Append("</td><td class=\"title\">")
                .Append(E(Short(row.Control.Title))).Append("</td><td class=\"num\">").Append(e is null ? "—" : ReportText.N(e.Events))
                .Append("</td><td>").Append(E(ReportRows.Categories(e))).Append("</td><td class=\"time\">").Append(e is null ? "" : E(ReportText.Day(e.FirstMs)))
                .Append("</td><td class=\"time\">").Append(e is null ? "" : E(ReportText.Day(e.LastMs))).Append("</td></tr>");
        }

        h.Append("</tbody></table></section>\n");
    }

    private static void Activity(StringBuilder h, CoverageReport r)
    {
        h.Append("<section id=\"activity\" class=\"keep\"><h2>Activity over time per account and region</h2><p>Events per ")
            .Append(E(Bucket(r.Activity.BucketMs))).Append(" for each account (AWS) or subscription/tenant (Azure) and region. ")
            .Append(E($"Hatched red: no events for longer than {r.GapThreshold.TotalHours.ToString(CultureInfo.InvariantCulture)} h, a possible logging gap."))
            .Append("</p>");
        if (r.Activity.Lanes.Count == 0)
        {
            h.Append("<p class=\"muted\">No events in the period.</p></section>\n");
            return;
        }

        h.Append(SvgTimelineChart.Render("activity-chart", "Events over time per account and region, logging gaps hatched", r.Activity,
            ReportText.Partition, r.Gaps.Select(g => new LaneMark(g.Partition, g.FromMs, g.ToMs)).ToList(), _ => Palette[0]));
        h.Append("</section>\n");
    }

    private static void Incidents(StringBuilder h, CoverageReport r)
    {
        h.Append("<section id=\"incidents\" class=\"keep\"><h2>Incident categories over time</h2>");
        if (r.IncidentTimeline.Lanes.Count == 0)
        {
            h.Append("<p class=\"muted\">No event in the period carries an incident category.</p></section>\n");
            return;
        }

        h.Append("<p>Events per ").Append(E(Bucket(r.IncidentTimeline.BucketMs))).Append(" that a rule tagged with an incident category.</p>");
        h.Append(SvgTimelineChart.Render("incident-chart", "Incident-tagged events over time per category", r.IncidentTimeline,
            id => (id, ReportRows.CategoryTitle(id) is { Length: > 0 } t ? t : null), [], i => Palette[(i + 1) % Palette.Length]));
        h.Append("</section>\n");
    }

    private static void Sample(StringBuilder h, AuditSummary a)
    {
        h.Append("<section id=\"sample\"><h2>Sample</h2><p>")
            .Append(E($"{a.Sample.Count} events drawn with seed \u201c{a.Seed}\u201d from the {ReportText.N(a.EligibleEvents)} eligible events; the same seed over the same evidence draws the same events. Each proof holds the event, its Merkle paths and the signed checkpoint, and verifies offline with 'trailnorm verify-proof'."))
            .Append("</p>");
        if (a.Sample.Count == 0)
        {
            h.Append("<p class=\"muted\">No event was eligible.</p></section>\n");
            return;
        }

        Table(h, "sample-table", ["#", "time", "event", "metadata.uid", "proof"], a.Sample.Select((s, i) => new object[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture), ReportText.Time(s.TimeMs), s.What, s.Uid,
            Raw($"<a href=\"{E(s.ProofFile)}\" title=\"{E(s.ProofFile)}\">proof {i + 1:D2}</a> {(s.ProofVerified ? "<span class=\"ok\">&#10003;&nbsp;verified</span>" : "<span class=\"bad\">&#10007;&nbsp;FAILED</span>")}"),
        }));
        h.Append("</section>\n");
    }

    private static void Details(StringBuilder h, CoverageReport r)
    {
        h.Append("<section id=\"details\" class=\"page-break\"><h2>Details</h2><div class=\"grid\">");
        h.Append("<div><h3>Sources</h3>");
        Table(h, null, ["source", "events"], r.Sources.OrderByDescending(s => s.Value).Select(s => new[] { s.Key, ReportText.N(s.Value) }));
        h.Append("<h3>Event classes</h3>");
        Table(h, null, ["class", "events"], r.Classes.OrderBy(c => c.Key).Select(c => new[] { ReportRows.ClassName(c.Key), ReportText.N(c.Value) }));
        h.Append("<h3>Sign-in locations</h3><p class=\"muted\">Where clients signed in from: a country or city, not a cloud region.</p>");
        if (r.SignInLocations.Count == 0)
        {
            h.Append("<p class=\"muted\">No sign-in carries a location.</p>");
        }
        else
        {
            Table(h, "locations-table", ["location", "sign-ins"], r.SignInLocations.OrderByDescending(l => l.Value).Select(l => new[] { l.Key, ReportText.N(l.Value) }));
        }

        h.Append("</div><div><h3>Accounts and regions</h3>");
        Table(h, "partitions-table", ["account / subscription", "region", "events"], r.Partitions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            var (account, region) = ReportText.Partition(p.Key);
            return new[] { account, region?["region ".Length..] ?? "", ReportText.N(p.Value) };
        }));
        h.Append("<h3>Incident categories</h3>");
        if (r.IncidentCategories.Count == 0)
        {
            h.Append("<p class=\"muted\">No event carries an incident category label.</p>");
        }
        else
        {
            Table(h, null, ["category", "events"], r.IncidentCategories.OrderByDescending(c => c.Value).Select(c => new[] { c.Key, ReportText.N(c.Value) }));
        }

        h.Append("<h3>Evidence store</h3>");
        Table(h, null, ["what", "value"],
        [
            ["batches", ReportText.N(r.Batches)],
            ["sealed", $"{ReportText.N(r.SealedBatches)} in a log of {ReportText.N(r.LogSize)} under {ReportText.N(r.Checkpoints)} checkpoints"],
            ["last seal", r.LastSealedAt ?? "never sealed: run 'trailnorm seal'"],
            ["quarantined items", ReportText.N(r.QuarantinedItems)],
            ["duplicate deliveries", $"{ReportText.N(r.DuplicateDeliveries)} extra stored copies (same uid, same raw record; counted once)"],
            ["uid conflicts", r.UidConflicts.Count == 0 ? "0" : $"{ReportText.N(r.UidConflicts.Count)} uids stored with different raw records: {string.Join(", ", r.UidConflicts.Take(5))}"],
            ["abandoned writes", $"{ReportText.N(r.AbandonedWrites)} (not evidence)"],
        ]);
        h.Append("</div></div>");
        h.Append(CultureInfo.InvariantCulture, $"<h3 id=\"gaps\">Gaps longer than {r.GapThreshold.TotalHours.ToString(CultureInfo.InvariantCulture)} h per account and region</h3>");
        if (r.Gaps.Count == 0)
        {
            h.Append("<p>None: every account and region logged events without a longer pause.</p>");
        }
        else
        {
            h.Append("<p>A gap is a possible logging outage and an audit finding until explained.</p>");
            Table(h, "gaps-table", ["partition", "no events from", "until", "hours"], r.Gaps.Select(g => new[] { g.Partition, ReportText.Time(g.FromMs), ReportText.Time(g.ToMs), ReportText.Hours(g.FromMs, g.ToMs) }));
        }

        h.Append("</section>\n");
    }

    /// <summary>A cell that is already HTML (made here, never from event data); every other cell is text and encoded.</summary>
    private static Markup Raw(string html) => new(html);

    private static void Table(StringBuilder h, string? id, string[] header, IEnumerable<object[]> rows)
    {
        h.Append(id is null ? "<table>" : $"<table id=\"{id}\">").Append("<thead><tr>").AppendJoin("", header.Select(x => $"<th>{E(x)}</th>")).Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            h.Append("<tr>").AppendJoin("", row.Select(c => c is Markup m ? $"<td>{m.Html}</td>" : $"<td>{E(c.ToString() ?? "")}</td>")).Append("</tr>");
        }

        h.Append("</tbody></table>");
    }

    private static void Fact(StringBuilder h, string name, string value) => h.Append("<div><dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd></div>");

    private static void Figure(StringBuilder h, string value, string label, bool warn = false) =>
        h.Append("<div class=\"figure").Append(warn ? " warn" : "").Append("\"><span class=\"value\">").Append(E(value)).Append("</span><span class=\"label\">").Append(E(label)).Append("</span></div>");

    private static string Bucket(long ms) => ms switch
    {
        3_600_000 => "hour",
        21_600_000 => "6 hours",
        86_400_000 => "day",
        604_800_000 => "week",
        _ => "30 days",
    };

    /// <summary>The control title up to its first colon (the clause name), or cut at <paramref name="max"/> characters.</summary>
    private static string Short(string title, int max = 140)
    {
        int colon = title.IndexOf(": ", StringComparison.Ordinal);
        string head = colon > 0 ? title[..colon] : title;
        return head.Length <= max ? head : head[..(max - 1)] + "\u2026";
    }

    private static string Group(string hex) => string.Join(' ', Enumerable.Range(0, (hex.Length + 7) / 8).Select(i => hex.Substring(i * 8, Math.Min(8, hex.Length - (i * 8)))));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private sealed record Markup(string Html);
}
