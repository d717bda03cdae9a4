namespace TrailNormalizer.Core.Rules;

/// <summary>A compliance control a rule evidences, e.g. framework <c>soc2</c> id <c>CC7.2</c>, from a tag like <c>soc2.cc7_2</c>.</summary>
public sealed record SigmaControl(string Framework, string Id)
{
    /// <summary><c>framework:id</c>, e.g. <c>iso27001-2022:A.8.15</c> (the label is <c>control:</c> followed by this).</summary>
    public override string ToString() => $"{Framework}:{Id}";
}
