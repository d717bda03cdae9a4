using TrailNormalizer.Core.Mapping;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.PublicApi;

/// <summary>
/// Core's public types are tracked in <c>CorePublicTypes.txt</c>, so a change to the surface the adapters and the CLI
/// build on is deliberate: regenerate it with <c>bash scripts/regenerate-public-api.sh</c> and review the diff.
/// </summary>
public class PublicSurfaceTests
{
    public const string UpdateVariable = "TRAILNORM_UPDATE_PUBLIC_API";

    private static string ListPath => Path.Combine(RepoPaths.Root, "tests", "TrailNormalizer.Core.Tests", "PublicApi", "CorePublicTypes.txt");

    [Fact]
    public void Core_public_types_are_the_tracked_list()
    {
        var types = typeof(NormalizedEvent).Assembly.GetExportedTypes()
            .Select(t => t.FullName!.Replace('+', '.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        string actual = string.Join('\n', types) + "\n";

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(ListPath, actual);
            return;
        }

        File.ReadAllText(ListPath).Should().Be(actual, "Core's public surface changed: run scripts/regenerate-public-api.sh and review the diff");
    }
}
