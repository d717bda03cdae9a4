namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>One piece of a Sigma value pattern: literal text, <c>*</c> (any run) or <c>?</c> (one character).</summary>
internal readonly record struct PatternPart(PatternPartKind Kind, string Text)
{
    public static readonly PatternPart Star = new(PatternPartKind.Star, "*");
    public static readonly PatternPart One = new(PatternPartKind.One, "?");

    public static PatternPart Literal(string text) => new(PatternPartKind.Literal, text);
}

/// <summary>What a <see cref="PatternPart"/> is.</summary>
internal enum PatternPartKind
{
    Literal,
    Star,
    One,
}
