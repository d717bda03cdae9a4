using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>The variants one value expands to (base64 offsets, windash forms): any of them may match.</summary>
internal sealed class AnyTest(IValueTest[] variants) : IValueTest
{
    public bool MatchesAbsent => false;

    public bool Matches(JsonElement leaf, JsonElement record)
    {
        foreach (IValueTest variant in variants)
        {
            if (variant.Matches(leaf, record))
            {
                return true;
            }
        }

        return false;
    }
}
