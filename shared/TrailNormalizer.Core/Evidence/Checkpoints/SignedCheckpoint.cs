namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>Opens one signed checkpoint note with one key, for the messages of audit packs.</summary>
public static class SignedCheckpoint
{
    /// <summary>The checkpoint of a signed note after checking its signature (its origin names the key), or what is wrong, prefixed with <paramref name="what"/>.</summary>
    public static (Checkpoint? Checkpoint, string? Problem) Open(string note, byte[] publicKeySpki, string what)
    {
        try
        {
            string origin = SignedNote.UnverifiedText(note).Split('\n')[0];
            return (Checkpoint.Parse(SignedNote.Open(note, origin, publicKeySpki)), null);
        }
        catch (FormatException ex)
        {
            return (null, $"{what}: {ex.Message}");
        }
    }
}
