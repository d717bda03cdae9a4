using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// One field of a selection with its values: any value matching any leaf (OR), or with <c>|all</c> every value
/// matching some leaf (AND).
/// </summary>
internal sealed class FieldNode(FieldPath path, IValueTest[] tests, bool all) : IMatchNode
{
    public FieldPath Path { get; } = path;

    public IValueTest[] Tests { get; } = tests;

    public bool All { get; } = all;

    public bool Matches(JsonElement record)
    {
        foreach (IValueTest test in Tests)
        {
            if (Path.Test(record, test) != All)
            {
                return !All;
            }
        }

        return All;
    }
}
