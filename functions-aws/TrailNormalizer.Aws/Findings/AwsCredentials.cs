namespace TrailNormalizer.Aws.Findings;

/// <summary>
/// The function role's temporary credentials, which Lambda puts in the environment of every sandbox for its lifetime.
/// Never logged: <see cref="ToString"/> names the key id only.
/// </summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    public static AwsCredentials FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? key = environment("AWS_ACCESS_KEY_ID");
        string? secret = environment("AWS_SECRET_ACCESS_KEY");
        return string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret)
            ? throw new InvalidOperationException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function's role)")
            : new AwsCredentials(key, secret, environment("AWS_SESSION_TOKEN") is { Length: > 0 } token ? token : null);
    }

    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
