namespace TrailNormalizer.Core.Evidence.Runs;

/// <summary>Keeps track of which inputs a run has stored, so a re-run skips them and an interrupted run can be finished.</summary>
public interface IInputLedger
{
    /// <summary>Called before an input is read; false means skip it (already stored). May set <see cref="EvidenceWriter.CurrentInput"/>.</summary>
    bool Begin(string input, EvidenceWriter writer);

    /// <summary>Called after the input was read completely.</summary>
    void Done(string input, EvidenceWriter writer);

    /// <summary>Called after the writer was flushed at the end of the run.</summary>
    void Finish(EvidenceWriter writer);
}
