using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// The real published <c>bootstrap</c> (path in TRAILNORM_BOOTSTRAP, exported by scripts/test.sh) as a child process
/// with only the environment the test gives it, as Lambda would start it.
/// </summary>
public static class BootstrapProcess
{
    public static string BinaryPath => ChildProcess.BinaryFrom(
        "TRAILNORM_BOOTSTRAP", "publish it with dotnet publish functions-aws/TrailNormalizer.Aws -c Release -r linux-x64");

    /// <summary>Starts the binary with exactly <paramref name="environment"/> plus a PATH, nothing inherited.</summary>
    public static ChildProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var full = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        full.TryAdd("PATH", "/usr/bin:/bin");
        return ChildProcess.Start(BinaryPath, full);
    }
}
