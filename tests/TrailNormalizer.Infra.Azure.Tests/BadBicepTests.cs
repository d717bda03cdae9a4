namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary>The lint check can fail: a file breaking the project's rules is rejected under the same bicepconfig.json.</summary>
public sealed class BadBicepTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"trailnorm-bad-bicep-{Guid.NewGuid():N}");

    public BadBicepTests()
    {
        Directory.CreateDirectory(_directory);
        File.Copy(Path.Combine(InfraPaths.AzureDirectory, "bicepconfig.json"), Path.Combine(_directory, "bicepconfig.json"));
    }

    [Fact]
    public void Lint_fails_on_an_unused_parameter_and_an_old_api_version()
    {
        var file = Write("bad.bicep", """
            @description('Never used.')
            param unused string

            @description('Name of the account.')
            param accountName string

            @description('Region.')
            param location string

            resource account 'Microsoft.Storage/storageAccounts@2021-01-01' = {
              name: accountName
              location: location
              kind: 'StorageV2'
              sku: {
                name: 'Standard_LRS'
              }
            }
            """);

        var result = BicepCli.Run("lint", file, "--no-restore");

        result.ExitCode.Should().NotBe(0);
        result.AllOutput.Should().Contain("Error no-unused-params").And.Contain("Error use-recent-api-versions");
    }

    [Fact]
    public void Lint_fails_on_a_hard_coded_cloud_url()
    {
        var file = Write("url.bicep", """
            @description('Blob endpoint.')
            output endpoint string = 'https://example.blob.core.windows.net/'
            """);

        var result = BicepCli.Run("lint", file, "--no-restore");

        result.ExitCode.Should().NotBe(0);
        result.AllOutput.Should().Contain("Error no-hardcoded-env-urls");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
