using System.Text.RegularExpressions;

namespace TrailNormalizer.Core.Mapping.Aws.Sns;

/// <summary>
/// Decides whether a <c>SigningCertURL</c> may be trusted to name an SNS certificate: https, no user info, no
/// explicit port, a path ending in <c>.pem</c>, and a host that is exactly <c>sns.&lt;region&gt;.amazonaws.com</c>
/// or <c>sns.&lt;region&gt;.amazonaws.com.cn</c> (lookalikes such as <c>sns.us-east-1.amazonaws.com.evil.com</c> fail).
/// </summary>
internal static partial class SnsSigningCertUrl
{
    [GeneratedRegex(@"^sns\.[a-z]{2}(-[a-z]+)+-\d{1,2}\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SnsHost();

    /// <summary>The parsed URL when acceptable; otherwise null with the reason.</summary>
    public static Uri? Validate(string? text, out string? reason)
    {
        reason = Check(text, out var uri);
        return reason is null ? uri : null;
    }

    private static string? Check(string? text, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrEmpty(text))
        {
            return "no SigningCertURL";
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed))
        {
            return $"SigningCertURL is not a URL: {text}";
        }

        if (parsed.Scheme != Uri.UriSchemeHttps)
        {
            return $"SigningCertURL is not https: {text}";
        }

        // The authority as written: user info or any explicit port (even :443) is refused.
        int start = text.IndexOf("://", StringComparison.Ordinal) + 3;
        int end = text.IndexOfAny(['/', '?', '#'], start);
        string authority = end < 0 ? text[start..] : text[start..end];
        if (parsed.UserInfo.Length > 0 || authority.Contains('@', StringComparison.Ordinal))
        {
            return $"SigningCertURL carries user info: {text}";
        }

        if (authority.Contains(':', StringComparison.Ordinal) || !parsed.IsDefaultPort)
        {
            return $"SigningCertURL names a port: {text}";
        }

        if (!SnsHost().IsMatch(parsed.IdnHost) || !string.Equals(parsed.IdnHost, authority, StringComparison.OrdinalIgnoreCase))
        {
            return $"SigningCertURL host is not an SNS endpoint: {parsed.Host}";
        }

        if (!parsed.AbsolutePath.EndsWith(".pem", StringComparison.Ordinal) || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            return $"SigningCertURL is not a .pem path: {text}";
        }

        uri = parsed;
        return null;
    }
}
