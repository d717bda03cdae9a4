using System.Text;
using Azure.Storage.Blobs;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Azure.Tests.Storage;

/// <summary>Reading diagnostic-log blobs named by BlobCreated events, against Azurite.</summary>
public sealed class LogBlobReaderTests
{
    private static readonly string AllowedHost = Azurite.BlobEndpoint.Authority;

    private static LogBlobReader Reader(params string[] hosts) =>
        LogBlobReader.WithConnectionString(hosts.Length == 0 ? [AllowedHost] : hosts, Azurite.ConnectionString, development: true, Azurite.Options());

    private static Uri Upload(string container, string blobName, string content)
    {
        var client = Azurite.Service().GetBlobContainerClient(container);
        client.CreateIfNotExists();
        var blob = client.GetBlobClient(blobName);
        blob.Upload(BinaryData.FromString(content), overwrite: true);
        return blob.Uri;
    }

    private static string ActivityLogBlobName() =>
        $"resourceId=/SUBSCRIPTIONS/{Guid.NewGuid():D}/y=2026/m=11/d=24/h=09/m=00/PT1H.json";

    [Fact]
    public void An_activity_log_blob_streams_its_records_to_the_unit_reader()
    {
        string[] records =
        [
            """{"time":"2026-11-24T09:01:00Z","operationName":"MICROSOFT.RESOURCES/DEPLOYMENTS/WRITE","category":"Administrative"}""",
            """{"time":"2026-11-24T09:02:00Z","operationName":"MICROSOFT.KEYVAULT/VAULTS/DELETE","category":"Administrative"}""",
        ];
        var url = Upload("insights-activity-logs", ActivityLogBlobName(), "{\"records\":[" + string.Join(",", records) + "]}");

        using var stream = Reader().Open(url, out string? reason);

        reason.Should().BeNull();
        stream.Should().NotBeNull();
        var units = JsonUnitReader.Read(stream!, url.ToString(), new InputLimits(), lineMode: false).ToList();
        units.Select(u => Encoding.UTF8.GetString(u.Json.Span)).Should().Equal(records);
    }

    [Fact]
    public void A_resource_log_container_is_allowed_and_ndjson_lines_stream()
    {
        var url = Upload("insights-logs-auditevent", ActivityLogBlobName(), "{\"a\":1}\n{\"a\":2}\n");

        using var stream = Reader().Open(url, out string? reason);

        reason.Should().BeNull();
        JsonUnitReader.Read(stream!, "x", new InputLimits(), lineMode: true).Should().HaveCount(2);
    }

    [Fact]
    public void A_host_that_is_not_allowed_is_refused_without_a_request()
    {
        var url = new Uri("https://attacker.blob.core.windows.net/insights-activity-logs/PT1H.json");

        var stream = Reader().Open(url, out string? reason);

        stream.Should().BeNull();
        reason.Should().Contain("attacker.blob.core.windows.net").And.Contain("TRAILNORM_SOURCE_ACCOUNTS");
    }

    [Fact]
    public void A_container_that_is_not_a_diagnostic_log_container_is_refused()
    {
        var url = Upload("t" + Guid.NewGuid().ToString("N"), "PT1H.json", "{\"records\":[]}");

        var stream = Reader().Open(url, out string? reason);

        stream.Should().BeNull();
        reason.Should().Contain("not a diagnostic-log container");
    }

    [Theory]
    [InlineData("insights-logs-")]
    [InlineData("insights-activity-logs-x")]
    [InlineData("evidence")]
    public void Look_alike_containers_are_refused(string container)
    {
        var url = new Uri($"{Azurite.BlobEndpoint}/{container}/PT1H.json");

        Reader().Open(url, out string? reason).Should().BeNull();
        reason.Should().Contain("not a diagnostic-log container");
    }

    [Fact]
    public void Urls_with_a_query_or_credentials_are_refused()
    {
        Reader().Open(new Uri($"{Azurite.BlobEndpoint}/insights-activity-logs/PT1H.json?sv=2020&sig=abc"), out string? query).Should().BeNull();
        query.Should().Contain("query");
        Reader().Open(new Uri($"http://user:pw@{AllowedHost}/devstoreaccount1/insights-activity-logs/PT1H.json"), out string? userInfo).Should().BeNull();
        userInfo.Should().Contain("credentials");
    }

    [Fact]
    public void Http_is_refused_with_the_managed_identity()
    {
        var reader = LogBlobReader.WithCredential([AllowedHost], new StaticTokenCredential(), Azurite.Options());

        reader.Open(new Uri($"{Azurite.BlobEndpoint}/insights-activity-logs/PT1H.json"), out string? reason).Should().BeNull();
        reason.Should().Contain("https");
    }

    [Fact]
    public void Another_account_on_an_allowed_host_is_refused_for_the_connection_string()
    {
        var url = new Uri($"http://{AllowedHost}/otheraccount/insights-activity-logs/PT1H.json");

        Reader().Open(url, out string? reason).Should().BeNull();
        reason.Should().Contain("not the account of the configured source connection string");
    }

    [Fact]
    public void A_missing_blob_gives_a_reason()
    {
        Upload("insights-activity-logs", ActivityLogBlobName(), "{}");
        var url = new Uri($"{Azurite.BlobEndpoint}/insights-activity-logs/{ActivityLogBlobName()}");

        Reader().Open(url, out string? reason).Should().BeNull();
        reason.Should().Contain("not found");
    }

    [Fact]
    public void A_blob_above_the_size_limit_is_refused()
    {
        var url = Upload("insights-activity-logs", ActivityLogBlobName(), new string(' ', 2048));
        var reader = LogBlobReader.WithConnectionString([AllowedHost], Azurite.ConnectionString, development: true, Azurite.Options(), maxBlobBytes: 1024);

        reader.Open(url, out string? reason).Should().BeNull();
        reason.Should().Contain("2048 bytes").And.Contain("1024-byte limit");
    }

    [Fact]
    public void A_connection_string_is_refused_outside_development_mode()
    {
        var create = () => LogBlobReader.WithConnectionString([AllowedHost], Azurite.ConnectionString, development: false);

        create.Should().Throw<StorageConfigurationException>().WithMessage("*development only*");
    }

    [Fact]
    public void An_unreachable_account_throws_so_the_event_is_retried()
    {
        var reader = LogBlobReader.WithConnectionString(["127.0.0.1:1"],
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Convert.ToBase64String(new byte[64]) + ";BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;",
            development: true, NoRetries());

        var open = () => reader.Open(new Uri("http://127.0.0.1:1/devstoreaccount1/insights-activity-logs/PT1H.json"), out _);

        open.Should().Throw<global::Azure.RequestFailedException>();
    }

    private static BlobClientOptions NoRetries()
    {
        var options = Azurite.Options();
        options.Retry.MaxRetries = 0;
        return options;
    }
}
