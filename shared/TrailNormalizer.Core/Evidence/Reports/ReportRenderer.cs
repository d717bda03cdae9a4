using System.Globalization;
using System.Net;
using System.Text;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>Renders a <see cref="CoverageReport"/> as Markdown or as a self-contained HTML page (same content).</summary>
public static class ReportRenderer
{
    public static string Markdown(CoverageReport r) => Render(r, new MarkdownSink());

    public static string Html(CoverageReport r) => Render(r, new HtmlSink());

    private static string Render(CoverageReport r, ISink sink)
    {
        sink.Title("TrailNormalizer evidence report");
        sink.Table(["what", "value"],
        [
            ["period", r.FirstMs is { } f && r.LastMs is { } l ? $"{Time(f)} to {Time(l)}" : "no events"],
            ["events", N(r.Events)],
            ["quarantined items", N(r.QuarantinedItems)],
            ["batches", N(r.Batches)],
            ["sealed batches", $"{N(r.SealedBatches)} in a log of {N(r.LogSize)} under {N(r.Checkpoints)} checkpoints"],
            ["last seal", r.LastSealedAt ?? "never sealed: run 'trailnorm seal'"],
            ["duplicate deliveries", $"{N(r.DuplicateDeliveries)} extra stored copies of delivered events (same uid, same raw record; counted once)"],
            ["uid conflicts", r.UidConflicts.Count == 0 ? "0" : $"{N(r.UidConflicts.Count)} uids stored with different raw records: {string.Join(", ", r.UidConflicts.Take(5))}"],
            ["abandoned writes", $"{N(r.AbandonedWrites)} batch objects without a manifest recorded by seals (not evidence; 'trailnorm verify' lists them)"],
        ]);
        sink.Heading("Sources");
        sink.Table(["source", "events"], r.Sources.OrderByDescending(s => s.Value).Select(s => new[] { s.Key, N(s.Value) }));
        sink.Heading("Accounts and regions");
        sink.Table(["partition", "events"], r.Partitions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new[] { p.Key, N(p.Value) }));
        sink.Heading("Event classes");
        sink.Table(["class", "events"], r.Classes.OrderBy(c => c.Key).Select(c => new[] { $"{c.Key} {NormalizationSummary.ClassName(c.Key)}", N(c.Value) }));
        sink.Heading("Incident categories");
        if (r.IncidentCategories.Count == 0)
        {
            sink.Paragraph("No event carries an incident category label.");
        }
        else
        {
            sink.Table(["category", "events"], r.IncidentCategories.OrderByDescending(c => c.Value).Select(c => new[] { c.Key, N(c.Value) }));
        }

        sink.Heading($"Gaps longer than {r.GapThreshold.TotalHours.ToString(CultureInfo.InvariantCulture)} h per account and region");
        if (r.Gaps.Count == 0)
        {
            sink.Paragraph("None: every account and region logged events without a longer pause.");
        }
        else
        {
            sink.Paragraph("A gap is a possible logging outage and an audit finding until explained.");
            sink.Table(["partition", "no events from", "until", "hours"], r.Gaps.Select(g => new[]
            {
                g.Partition, Time(g.FromMs), Time(g.ToMs), ((g.ToMs - g.FromMs) / 3_600_000.0).ToString("N1", CultureInfo.InvariantCulture),
            }));
        }

        return sink.ToString()!;
    }

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private interface ISink
    {
        void Title(string text);

        void Heading(string text);

        void Paragraph(string text);

        void Table(string[] header, IEnumerable<string[]> rows);
    }

    private sealed class MarkdownSink : ISink
    {
        private readonly StringBuilder _sb = new();

        public void Title(string text) => _sb.Append("# ").Append(text).Append("\n\n");

        public void Heading(string text) => _sb.Append("## ").Append(text).Append("\n\n");

        public void Paragraph(string text) => _sb.Append(text).Append("\n\n");

        public void Table(string[] header, IEnumerable<string[]> rows)
        {
            _sb.Append("| ").AppendJoin(" | ", header).Append(" |\n|").AppendJoin("|", header.Select(_ => "---")).Append("|\n");
            foreach (var row in rows)
            {
                _sb.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
            }

            _sb.Append('\n');
        }

        public override string ToString() => _sb.ToString();
    }

    private sealed class HtmlSink : ISink
    {
        private readonly StringBuilder _sb = new("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TrailNormalizer evidence report</title>"
            + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #999;padding:.3em .6em;text-align:left}</style></head><body>\n");

        public void Title(string text) => _sb.Append("<h1>").Append(WebUtility.HtmlEncode(text)).Append("</h1>\n");

        public void Heading(string text) => _sb.Append("<h2>").Append(WebUtility.HtmlEncode(text)).Append("</h2>\n");

        public void Paragraph(string text) => _sb.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>\n");

        public void Table(string[] header, IEnumerable<string[]> rows)
        {
            _sb.Append("<table><tr>").AppendJoin("", header.Select(h => $"<th>{WebUtility.HtmlEncode(h)}</th>")).Append("</tr>\n");
            foreach (var row in rows)
            {
                _sb.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>")).Append("</tr>\n");
            }

            _sb.Append("</table>\n");
        }

        public override string ToString() => _sb + "</body></html>\n";
    }
}
