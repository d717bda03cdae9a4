namespace TrailNormalizer.Core.Rules;

/// <summary>A rule's <c>detection</c> as written: the names of its search identifiers and its condition(s) (several mean OR).</summary>
public sealed record SigmaDetection(IReadOnlyList<string> SearchIdentifiers, IReadOnlyList<string> Conditions);
