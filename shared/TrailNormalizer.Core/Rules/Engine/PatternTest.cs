using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>A value (with wildcards, <c>contains</c>/<c>startswith</c>/<c>endswith</c>, base64 forms) compared with a leaf's text.</summary>
internal sealed class PatternTest(TextMatcher matcher) : IValueTest
{
    public TextMatcher Matcher { get; } = matcher;

    public bool MatchesAbsent => false;

    public bool Matches(JsonElement leaf, JsonElement record) =>
        LeafText.TryGet(leaf, out ReadOnlySpan<char> text) && Matcher.IsMatch(text);
}
