using System.Globalization;
using System.Net;
using System.Text;

namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>A period shaded on one lane of a timeline chart (a logging gap).</summary>
public sealed record LaneMark(string Lane, long FromMs, long ToMs);

/// <summary>
/// Draws a <see cref="Timeline"/> as inline SVG (no script, no fonts to fetch): one lane per series with a bar per
/// time bucket, marks such as logging gaps hatched in red over their lane, and date ticks along the bottom.
/// Bar heights use a square-root scale so a quiet account stays visible next to a busy one.
/// </summary>
internal static class SvgTimelineChart
{
    private const int Width = 960;
    private const int LabelWidth = 270;
    private const int TotalWidth = 60;
    private const int LaneHeight = 38;
    private const int AxisHeight = 28;
    private const int PlotWidth = Width - LabelWidth - TotalWidth;

    public static string Render(string id, string title, Timeline timeline, Func<string, (string Line1, string? Line2)> label,
        IReadOnlyList<LaneMark> marks, Func<int, string> colour)
    {
        int height = (timeline.Lanes.Count * LaneHeight) + AxisHeight + 4;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append("<title>").Append(Esc(title)).Append("</title>")
            .Append("<defs><pattern id=\"").Append(id).Append("-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
            .Append("<rect width=\"6\" height=\"6\" fill=\"#fff0ef\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#f28b82\" stroke-width=\"1.5\"/></pattern></defs>");
        long max = timeline.Lanes.SelectMany(l => l.Counts).DefaultIfEmpty(0).Max();
        double bucketWidth = timeline.Buckets == 0 ? 0 : (double)PlotWidth / timeline.Buckets;
        long end = timeline.StartMs + (timeline.BucketMs * timeline.Buckets);
        for (int i = 0; i < timeline.Lanes.Count; i++)
        {
            var lane = timeline.Lanes[i];
            int top = i * LaneHeight;
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"lane\"><rect x=\"{LabelWidth}\" y=\"{top + 2}\" width=\"{PlotWidth}\" height=\"{LaneHeight - 4}\" fill=\"{(i % 2 == 0 ? "#f6f8fa" : "#ffffff")}\"/>");
            var (line1, line2) = label(lane.Label);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{top + (line2 is null ? 23 : 16)}\" text-anchor=\"end\" class=\"lane-label\"><title>{Esc(lane.Label)}</title>{Esc(ReportText.Fit(line1, 32, keepEnd: true))}</text>");
            if (line2 is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{top + 30}\" text-anchor=\"end\" class=\"lane-sub\">{Esc(ReportText.Fit(line2, 42))}</text>");
            }

            foreach (var mark in marks.Where(m => m.Lane == lane.Label))
            {
                double x1 = X(Math.Max(mark.FromMs, timeline.StartMs), timeline.StartMs, end);
                double x2 = X(Math.Min(mark.ToMs, end), timeline.StartMs, end);
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"gap\" x=\"{x1:F1}\" y=\"{top + 2}\" width=\"{Math.Max(2, x2 - x1):F1}\" height=\"{LaneHeight - 4}\" fill=\"url(#{id}-hatch)\" opacity=\"0.85\"><title>no events {Esc(ReportText.Time(mark.FromMs))} to {Esc(ReportText.Time(mark.ToMs))}</title></rect>");
            }

            for (int b = 0; b < lane.Counts.Count; b++)
            {
                if (lane.Counts[b] == 0)
                {
                    continue;
                }

                double h = Math.Max(2, (LaneHeight - 8) * Math.Sqrt((double)lane.Counts[b] / max));
                sb.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar\" x=\"{LabelWidth + (b * bucketWidth) + 0.5:F1}\" y=\"{top + LaneHeight - 4 - h:F1}\" width=\"{Math.Max(1, bucketWidth - 1):F1}\" height=\"{h:F1}\" fill=\"{colour(i)}\"><title>{lane.Counts[b]} events from {Esc(ReportText.Time(timeline.StartMs + (b * timeline.BucketMs)))}</title></rect>");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 4}\" y=\"{top + 23}\" text-anchor=\"end\" class=\"lane-total\">{ReportText.N(lane.Counts.Sum())}</text></g>");
        }

        int axis = timeline.Lanes.Count * LaneHeight;
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{LabelWidth}\" y1=\"{axis + 1}\" x2=\"{LabelWidth + PlotWidth}\" y2=\"{axis + 1}\" stroke=\"#57606a\"/>");
        foreach (long tick in Ticks(timeline.StartMs, end))
        {
            double x = X(tick, timeline.StartMs, end);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:F1}\" y1=\"{axis + 1}\" x2=\"{x:F1}\" y2=\"{axis + 6}\" stroke=\"#57606a\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{axis + 19}\" text-anchor=\"middle\" class=\"tick\">{Esc(TickLabel(tick, end - timeline.StartMs))}</text>");
        }

        return sb.Append("</svg>").ToString();
    }

    private static double X(long t, long start, long end) => LabelWidth + (PlotWidth * (double)(t - start) / Math.Max(1, end - start));

    /// <summary>About six ticks on whole hours or days.</summary>
    private static IEnumerable<long> Ticks(long start, long end)
    {
        const long hour = 3_600_000;
        long step = Math.Max(hour, (end - start) / 6);
        step = step >= 24 * hour ? (step + (24 * hour) - 1) / (24 * hour) * 24 * hour : (step + hour - 1) / hour * hour;
        long first = start % step == 0 ? start : start - (start % step) + step;
        for (long t = first; t <= end; t += step)
        {
            yield return t;
        }
    }

    private static string TickLabel(long t, long span) =>
        DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.ToString(span > 3L * 24 * 3_600_000 ? "yyyy-MM-dd" : "MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
