using System.Text.Json;
using System.Text.RegularExpressions;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// <c>|re</c>: a .NET regular expression searched in the leaf's text (unanchored, as Sigma specifies), case-sensitive
/// unless <c>|re|i</c>; <c>|re|m</c> multi-line, <c>|re|s</c> single-line. A match that times out counts as no match.
/// </summary>
internal sealed class RegexTest(Regex regex) : IValueTest
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    public bool MatchesAbsent => false;

    public bool Matches(JsonElement leaf, JsonElement record)
    {
        if (!LeafText.TryGet(leaf, out ReadOnlySpan<char> text))
        {
            return false;
        }

        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
