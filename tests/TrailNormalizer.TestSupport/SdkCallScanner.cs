using System.Text.RegularExpressions;

namespace TrailNormalizer.TestSupport;

/// <summary>
/// Finds the cloud SDK calls an adapter's source makes: every <c>receiver.Name(</c> whose Name is one of the SDK's
/// network methods (taken from the SDK's own client types by the caller) and whose receiver is an instance (a local,
/// field or parameter in camelCase, or a call's result), not a type (<c>ECDsa.Create</c>, <c>string.Create</c>).
/// Text-based on purpose: it reads the code as written, so a call added anywhere in the adapter is seen without
/// running it. Its blind spot: an SDK call on a PascalCase property (<c>Response.Value.Delete()</c>).
/// </summary>
public static partial class SdkCallScanner
{
    /// <summary>The SDK method names called in <paramref name="source"/>.</summary>
    public static ISet<string> CallsIn(string source, IReadOnlySet<string> sdkMethods)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sdkMethods);
        return MemberCall().Matches(source)
            .Where(m => IsInstance(m.Groups["receiver"].Value))
            .Select(m => m.Groups["name"].Value)
            .Where(sdkMethods.Contains)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The SDK method names called anywhere in the C# files under <paramref name="projectDirectory"/> (bin/obj excluded).</summary>
    public static ISet<string> CallsInProject(string projectDirectory, IReadOnlySet<string> sdkMethods)
    {
        var calls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(projectDirectory, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            calls.UnionWith(CallsIn(File.ReadAllText(file), sdkMethods));
        }

        return calls;
    }

    private static bool IsInstance(string receiver) =>
        receiver is ")" or "]" || (receiver != "string" && !char.IsAsciiLetterUpper(receiver.TrimStart('_', '@')[0]));

    [GeneratedRegex(@"(?<receiver>\w+|\)|\])\s*\.\s*(?<name>[A-Z]\w*)\s*(?:<[^>()]*>)?\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex MemberCall();
}
