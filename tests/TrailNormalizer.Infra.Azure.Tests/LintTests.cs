using System.Text.Json.Nodes;

namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary>
/// Every Bicep file builds and lints clean under bicepconfig.json, where every linter rule is an error.
/// `--no-restore` keeps bicep offline: nothing may need a module registry.
/// </summary>
public sealed class LintTests : IDisposable
{
    private const string AllBicepFiles = "**/*.bicep";

    private readonly string _outputDirectory = Path.Combine(Path.GetTempPath(), $"trailnorm-bicep-build-{Guid.NewGuid():N}");

    [Fact]
    public void The_infrastructure_is_main_plus_modules()
    {
        var files = InfraPaths.BicepFiles().Select(InfraPaths.Relative).ToList();

        files.Should().Contain("main.bicep");
        files.Where(f => f.StartsWith("modules", StringComparison.Ordinal)).Should().HaveCountGreaterThanOrEqualTo(8);
    }

    [Fact]
    public void Lint_reports_nothing_for_any_file()
    {
        var result = BicepCli.Run("lint", "--pattern", AllBicepFiles, "--no-restore");

        result.ExitCode.Should().Be(0, result.AllOutput);
        result.AllOutput.Trim().Should().BeEmpty("every warning counts as a failure");
    }

    [Fact]
    public void Build_compiles_every_file_without_diagnostics()
    {
        var result = BicepCli.Run("build", "--pattern", AllBicepFiles, "--outdir", _outputDirectory, "--no-restore");

        result.ExitCode.Should().Be(0, result.AllOutput);
        result.AllOutput.Trim().Should().BeEmpty();
        foreach (var file in InfraPaths.BicepFiles().Select(InfraPaths.Relative))
        {
            var built = Path.Combine(_outputDirectory, Path.ChangeExtension(file, ".json"));
            File.Exists(built).Should().BeTrue(file);
            JsonNode.Parse(File.ReadAllText(built))!["$schema"]!.ToString().Should().EndWith("eploymentTemplate.json#", file);
        }
    }

    [Fact]
    public void Example_parameters_lint_and_build()
    {
        var lint = BicepCli.Run("lint", "main.bicepparam", "--no-restore");
        lint.ExitCode.Should().Be(0, lint.AllOutput);
        lint.AllOutput.Trim().Should().BeEmpty();

        var build = BicepCli.Run("build-params", "main.bicepparam", "--stdout", "--no-restore");
        build.ExitCode.Should().Be(0, build.AllOutput);
        build.StandardError.Trim().Should().BeEmpty();
        build.StandardOutput.Should().Contain("retentionDays");
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDirectory))
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }
    }
}
