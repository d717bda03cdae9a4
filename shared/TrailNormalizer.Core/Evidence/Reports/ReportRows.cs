using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>A control row of the report: the control, whether the audit asked for it, and its evidence (null: none in the period).</summary>
internal sealed record ControlRow(ControlInfo Control, bool Requested, ControlEvidence? Evidence);

/// <summary>The table rows both renderers show, computed once so Markdown and HTML say the same.</summary>
internal static class ReportRows
{
    /// <summary>Every catalogue control plus any other control an event names, by framework then catalogue order.</summary>
    public static List<ControlRow> Controls(CoverageReport r, AuditSummary? audit)
    {
        var catalog = ControlCatalog.BuiltIn;
        var evidence = r.Controls.ToDictionary(c => c.Control.Name, StringComparer.OrdinalIgnoreCase);
        var requested = (audit?.Controls ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var controls = catalog.Controls.Concat(r.Controls.Select(c => c.Control).Where(c => catalog.Find(c.Name) is null)).ToList();
        var frameworks = catalog.Frameworks.Keys.ToList();
        return controls
            .OrderBy(c => frameworks.IndexOf(c.Framework) is int i && i >= 0 ? i : int.MaxValue)
            .ThenBy(c => controls.IndexOf(c))
            .Select(c => new ControlRow(c, requested.Contains(c.Name), evidence.GetValueOrDefault(c.Name)))
            .ToList();
    }

    public static string Categories(ControlEvidence? e) =>
        e is null || e.Categories.Count == 0 ? "" : string.Join(", ", e.Categories.OrderByDescending(c => c.Value).Select(c => $"{c.Key} ({ReportText.N(c.Value)})"));

    public static string Period(CoverageReport r)
    {
        string events = r.FirstMs is { } f && r.LastMs is { } l ? $"events {ReportText.Time(f)} to {ReportText.Time(l)}" : "no events";
        return r.PeriodFromMs is null && r.PeriodToMs is null
            ? events
            : $"{(r.PeriodFromMs is { } from ? ReportText.Time(from) : "the start")} to {(r.PeriodToMs is { } to ? ReportText.Time(to) : "now")} ({events})";
    }

    public static string CategoryTitle(string id) =>
        ControlCatalog.BuiltIn.Categories.FirstOrDefault(c => c.Id == id)?.Title ?? "";

    public static string ClassName(int uid) => $"{uid} {IngestSummary.ClassName(uid)}";

    public static string[] Summary(CoverageReport r) =>
    [
        $"sealed batches: {ReportText.N(r.SealedBatches)} in a log of {ReportText.N(r.LogSize)} under {ReportText.N(r.Checkpoints)} checkpoints",
        $"last seal: {r.LastSealedAt ?? "never sealed: run 'trailnorm seal'"}",
    ];
}
