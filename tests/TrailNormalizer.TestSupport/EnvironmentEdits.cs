namespace TrailNormalizer.TestSupport;

/// <summary>Settings tests start from a known-good environment and change or remove a few variables.</summary>
public static class EnvironmentEdits
{
    /// <summary>A copy of <paramref name="start"/> with each change applied: a value sets the variable, null removes it.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> start, params (string Name, string? Value)[] changes)
    {
        var env = new Dictionary<string, string>(start);
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                env.Remove(name);
            }
            else
            {
                env[name] = value;
            }
        }

        return env;
    }
}
