using System.Text.Json;
using TrailNormalizer.Core.Evidence.Reports;

namespace TrailNormalizer.Core.Evidence.Audit;

/// <summary>What an auditor asked for: the controls (none: every event), the period, the sample size and seed, who asks.</summary>
public sealed record AuditRequest
{
    public required IReadOnlyList<ControlInfo> Controls { get; init; }

    public long? FromMs { get; init; }

    public long? ToMs { get; init; }

    public int SampleSize { get; init; } = 25;

    public required string Seed { get; init; }

    public required string Auditor { get; init; }

    public TimeSpan GapThreshold { get; init; } = TimeSpan.FromHours(6);

    /// <summary>A checkpoint note kept from an earlier audit, which the evidence must extend.</summary>
    public string? TrustedCheckpoint { get; init; }

    /// <summary>True for an event in the period that evidences one of the controls (any event in the period when none are asked for).</summary>
    public bool Eligible(JsonElement ev)
    {
        long time = EventFields.Time(ev);
        if ((FromMs is { } from && time < from) || (ToMs is { } to && time >= to))
        {
            return false;
        }

        if (Controls.Count == 0)
        {
            return true;
        }

        var labels = EventFields.Labels(ev);
        return Controls.Any(c => labels.Contains(c.Label, StringComparer.Ordinal));
    }
}
