using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>All children match (an empty AND matches).</summary>
internal sealed class AndNode(IMatchNode[] children) : IMatchNode
{
    public IMatchNode[] Children { get; } = children;

    public bool Matches(JsonElement record)
    {
        foreach (IMatchNode child in Children)
        {
            if (!child.Matches(record))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Any child matches (an empty OR does not match).</summary>
internal sealed class OrNode(IMatchNode[] children) : IMatchNode
{
    public IMatchNode[] Children { get; } = children;

    public bool Matches(JsonElement record)
    {
        foreach (IMatchNode child in Children)
        {
            if (child.Matches(record))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The child does not match.</summary>
internal sealed class NotNode(IMatchNode child) : IMatchNode
{
    public IMatchNode Child { get; } = child;

    public bool Matches(JsonElement record) => !Child.Matches(record);
}
