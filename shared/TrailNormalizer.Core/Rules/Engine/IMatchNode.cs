using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>A node of a compiled detection: a selection, a field test, or a logical combination.</summary>
internal interface IMatchNode
{
    bool Matches(JsonElement record);
}
