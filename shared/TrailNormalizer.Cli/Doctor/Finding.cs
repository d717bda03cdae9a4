namespace TrailNormalizer.Cli.Doctor;

/// <summary>How bad a pre-deployment finding is.</summary>
public enum Severity
{
    /// <summary>The deployment would fail or the handler would not work: fix before deploying.</summary>
    Error,

    /// <summary>Works, but carries a risk or a cost the operator should decide on.</summary>
    Warning,

    /// <summary>Cannot be seen from the templates: check it in the account before deploying.</summary>
    Check,
}

/// <summary>One line of <c>trailnorm doctor</c>: what is wrong or to check, and what to do about it.</summary>
public sealed record Finding(Severity Severity, string Area, string Message)
{
    public override string ToString() => $"{Severity.ToString().ToUpperInvariant(),-7} {Area}: {Message}";
}
