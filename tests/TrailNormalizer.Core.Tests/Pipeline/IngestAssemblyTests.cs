using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Pipeline;

/// <summary>The pipeline is assembled in one place: every host goes through the ingest session.</summary>
public class IngestAssemblyTests
{
    private static readonly string[] ProductFolders = ["shared", "functions-aws", "functions-azure"];

    private static List<string> SourcesConstructing(string type) =>
        ProductFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && File.ReadAllText(file).Contains($"new {type}(", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Only_the_ingest_session_constructs_an_evidence_writer()
    {
        SourcesConstructing("EvidenceWriter").Should().Equal("shared/TrailNormalizer.Core/Pipeline/IngestSession.cs");
    }

    [Fact]
    public void Only_the_ingest_session_and_the_in_memory_coverage_count_construct_a_router()
    {
        // Coverage routes records in memory and stores nothing, so it needs a router and never a writer.
        SourcesConstructing("RecordRouter").Should().Equal(
            "shared/TrailNormalizer.Core/Coverage/FactCoverage.cs",
            "shared/TrailNormalizer.Core/Pipeline/IngestSession.cs");
    }
}
