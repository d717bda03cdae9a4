namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>
/// Renders a <see cref="CoverageReport"/> (and, for an audit pack, the <see cref="AuditSummary"/>) as Markdown or as a
/// self-contained HTML page with inline SVG charts: same content, no script, nothing fetched over the network.
/// </summary>
public static class ReportRenderer
{
    public static string Markdown(CoverageReport r, AuditSummary? audit = null) => MarkdownReport.Render(r, audit);

    public static string Html(CoverageReport r, AuditSummary? audit = null) => HtmlReport.Render(r, audit);
}
