namespace TrailNormalizer.Core.Evidence;

/// <summary>A batch the store refused or failed: its key, the inputs (ids, see <see cref="Runs.InputCursor.Sha256"/>) with records in it, and why.</summary>
public sealed record BatchNotStored(string BatchKey, IReadOnlyCollection<string> Inputs, Exception Error);
