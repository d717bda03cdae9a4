using System.Globalization;

namespace TrailNormalizer.Core.Evidence.Runs;

/// <summary>Reads the run journal for verify: runs that left inputs unfinished, and which run a batch id's tag names.</summary>
public static class RunVerifier
{
    /// <summary>True for the journal's keys (<c>runs/</c>, <c>inputs/</c>): bookkeeping, not evidence, and never extra.</summary>
    public static bool IsJournalKey(string key) =>
        key.StartsWith(RunRecords.RunsPrefix, StringComparison.Ordinal) || key.StartsWith(RunRecords.InputsPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Adds <c>incomplete: run ID: N inputs unfinished</c> for every run listing inputs no run completed, and <c>altered</c> for an
    /// unreadable run record; returns the run ids by the tag their batch ids carry.
    /// </summary>
    public static Dictionary<string, string> Check(IEvidenceStore store, IReadOnlyCollection<string> keys, List<VerifyFinding> findings)
    {
        var completed = keys.Where(k => k.StartsWith(RunRecords.InputsPrefix, StringComparison.Ordinal))
            .Select(k => k.Split('/')[1]).ToHashSet(StringComparer.Ordinal);
        var runsByTag = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in keys.Where(k => k.StartsWith(RunRecords.RunsPrefix, StringComparison.Ordinal)))
        {
            (string RunId, List<string> Inputs) run;
            try
            {
                run = RunRecords.ParseRun(Checkpoints.EvidenceLog.ReadAll(store, key));
            }
            catch (FormatException ex)
            {
                findings.Add(new VerifyFinding("altered", key, ex.Message));
                continue;
            }

            if (run.RunId.Length >= 8)
            {
                runsByTag[RunRecords.TagOf(run.RunId)] = run.RunId;
            }

            int unfinished = run.Inputs.Distinct(StringComparer.Ordinal).Count(sha => !completed.Contains(sha));
            if (unfinished > 0)
            {
                findings.Add(new VerifyFinding("incomplete", $"run {run.RunId}", string.Create(CultureInfo.InvariantCulture,
                    $"{unfinished} inputs unfinished (interrupted, or still running): run the same normalize command again to finish them")));
            }
        }

        return runsByTag;
    }
}
