using YamlDotNet.RepresentationModel;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>A rule that cannot be loaded, with the YAML node where the problem is (line/column from its start mark).</summary>
internal sealed class RuleCompileException : Exception
{
    public RuleCompileException(string message, YamlNode? node)
        : base(message)
    {
        Line = node is null ? 0 : (int)node.Start.Line;
        Column = node is null ? 0 : (int)node.Start.Column;
    }

    public RuleCompileException()
    {
    }

    public RuleCompileException(string message)
        : base(message)
    {
    }

    public RuleCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Line { get; }

    public int Column { get; }
}
