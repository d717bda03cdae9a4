using System.Text.RegularExpressions;
using TrailNormalizer.Azure.Findings;
using TrailNormalizer.Azure.Forwarding;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.Operations;

/// <summary>The REST requests the outbound paths make (outside the Azure SDK) are the declared Logs Ingestion and Event Grid operations.</summary>
public sealed class OutboundOperationsTests
{
    private static string HandlerDirectory => Path.Combine(RepoPaths.Root, "functions-azure", "TrailNormalizer.Azure");

    [Fact]
    public void Only_the_authorized_poster_sends_HTTP_requests_and_only_the_two_declared_clients_use_it()
    {
        var sources = Directory.EnumerateFiles(HandlerDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

        sources.Where(s => Regex.IsMatch(s.Value, @"HttpMethod\.\w+|new HttpRequestMessage")).Select(s => s.Key).Should().Equal("AuthorizedPoster.cs");
        sources.Where(s => s.Value.Contains(".Post(\"", StringComparison.Ordinal)).Select(s => s.Key)
            .Should().BeEquivalentTo("LogsIngestionClient.cs", "EventGridPublisher.cs");
        sources["LogsIngestionClient.cs"].Should().Contain("/dataCollectionRules/").And.Contain("/streams/");
    }

    [Fact]
    public void The_declared_requests_name_the_scopes_and_resources_the_clients_use()
    {
        CloudOperations.All.Should().ContainSingle(o => o.Service == "Logs Ingestion" && o.Resource == AzureResource.DataCollectionRule && o.SdkCall == CloudOperations.LogsIngestionUpload);
        CloudOperations.All.Should().ContainSingle(o => o.Service == "Event Grid" && o.Resource == AzureResource.FindingsTopic && o.SdkCall == CloudOperations.EventGridPublish);
        CloudOperations.LogsIngestionUpload.Should().EndWith("api-version=" + LogsIngestionClient.ApiVersion);
        LogsIngestionClient.Scope.Should().Be("https://monitor.azure.com//.default");
        EventGridPublisher.Scope.Should().Be("https://eventgrid.azure.net/.default");
    }
}
