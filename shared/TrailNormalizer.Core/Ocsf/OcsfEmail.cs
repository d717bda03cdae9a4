using System.Text.RegularExpressions;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// Whether a text is an OCSF <c>email_t</c> (the schema's pattern), so a claim that merely holds an '@' is not
/// written as <c>email_addr</c> and does not make the event invalid.
/// </summary>
internal static partial class OcsfEmail
{
    [GeneratedRegex(@"^[a-zA-Z0-9!#$%&'*+\-/=?^_`{|}~.]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9\-.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? text) => text is not null && Pattern().IsMatch(text);
}
