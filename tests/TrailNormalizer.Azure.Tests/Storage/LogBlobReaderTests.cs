using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Azure.Tests.Storage;

/// <summary>Reading diagnostic-log blobs named by BlobCreated events, against Azurite.</summary>
public sealed class LogBlobReaderTests
{
    private const long Max = 1 << 20;

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

        using var read = Reader().OpenFrom(url, 0, Max, out string? reason);

        reason.Should().BeNull();
        read.Should().NotBeNull();
        read!.Growing.Should().BeFalse("a block blob is complete when created");
        var units = JsonUnitReader.Read(read.Content, url.ToString(), new InputLimits(), lineMode: false).ToList();
        units.Select(u => Encoding.UTF8.GetString(u.Json.Span)).Should().Equal(records);
    }

    [Fact]
    public void A_resource_log_container_is_allowed_and_ndjson_lines_stream()
    {
        var url = Upload("insights-logs-auditevent", ActivityLogBlobName(), "{\"a\":1}\n{\"a\":2}\n");

        using var read = Reader().OpenFrom(url, 0, Max, out string? reason);

        reason.Should().BeNull();
        JsonUnitReader.Read(read!.Content, "x", new InputLimits(), lineMode: true).Should().HaveCount(2);
    }

    [Fact]
    public void A_host_that_is_not_allowed_is_refused_without_a_request()
    {
        var url = new Uri("https://attacker.blob.core.windows.net/insights-activity-logs/PT1H.json");

        var read = Reader().OpenFrom(url, 0, Max, out string? reason);

        read.Should().BeNull();
        reason.Should().Contain("attacker.blob.core.windows.net").And.Contain("TRAILNORM_SOURCE_ACCOUNTS");
    }

    [Fact]
    public void A_container_that_is_not_a_diagnostic_log_container_is_refused()
    {
        var url = Upload("t" + Guid.NewGuid().ToString("N"), "PT1H.json", "{\"records\":[]}");

        var read = Reader().OpenFrom(url, 0, Max, out string? reason);

        read.Should().BeNull();
        reason.Should().Contain("not a diagnostic-log container");
    }

    [Theory]
    [InlineData("insights-logs-")]
    [InlineData("insights-activity-logs-x")]
    [InlineData("evidence")]
    public void Look_alike_containers_are_refused(string container)
    {
        var url = new Uri($"{Azurite.BlobEndpoint}/{container}/PT1H.json");

        Reader().OpenFrom(url, 0, Max, out string? reason).Should().BeNull();
        reason.Should().Contain("not a diagnostic-log container");
    }

    [Fact]
    public void Urls_with_a_query_or_credentials_are_refused()
    {
        Reader().OpenFrom(new Uri($"{Azurite.BlobEndpoint}/insights-activity-logs/PT1H.json?sv=2020&sig=abc"), 0, Max, out string? query).Should().BeNull();
        query.Should().Contain("query");
        Reader().OpenFrom(new Uri($"http://user:pw@{AllowedHost}/devstoreaccount1/insights-activity-logs/PT1H.json"), 0, Max, out string? userInfo).Should().BeNull();
        userInfo.Should().Contain("credentials");
    }

    [Fact]
    public void Http_is_refused_with_the_managed_identity()
    {
        var reader = LogBlobReader.WithCredential([AllowedHost], new StaticTokenCredential(), Azurite.Options());

        reader.OpenFrom(new Uri($"{Azurite.BlobEndpoint}/insights-activity-logs/PT1H.json"), 0, Max, out string? reason).Should().BeNull();
        reason.Should().Contain("https");
    }

    [Fact]
    public void Another_account_on_an_allowed_host_is_refused_for_the_connection_string()
    {
        var url = new Uri($"http://{AllowedHost}/otheraccount/insights-activity-logs/PT1H.json");

        Reader().OpenFrom(url, 0, Max, out string? reason).Should().BeNull();
        reason.Should().Contain("not the account of the configured source connection string");
    }

    [Fact]
    public void A_missing_blob_gives_a_reason()
    {
        Upload("insights-activity-logs", ActivityLogBlobName(), "{}");
        var url = new Uri($"{Azurite.BlobEndpoint}/insights-activity-logs/{ActivityLogBlobName()}");

        Reader().OpenFrom(url, 0, Max, out string? reason).Should().BeNull();
        reason.Should().Contain("not found");
    }

    [Fact]
    public void An_append_blob_is_read_by_range_from_an_offset_and_reports_its_length_and_growth()
    {
        var blob = AppendBlob("insights-logs-auditevent", ActivityLogBlobName(), "line-1\nline-2\nline-3\n");

        using var read = Reader().OpenFrom(blob.Uri, 7, 10, out string? reason);

        reason.Should().BeNull();
        new StreamReader(read!.Content).ReadToEnd().Should().Be("line-2\nlin");
        (read.Offset, read.Length, read.BlobLength, read.Growing, read.ReachesEnd).Should().Be((7L, 10L, 21L, true, false));
        read.LastModified.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("line-1\n", 7)]
    public void Nothing_after_the_offset_is_an_empty_read_not_a_refusal(string content, long offset)
    {
        var blob = AppendBlob("insights-activity-logs", ActivityLogBlobName(), content);

        using var read = Reader().OpenFrom(blob.Uri, offset, Max, out string? reason);

        reason.Should().BeNull();
        (read!.Length, read.BlobLength, read.Growing).Should().Be((0L, offset, true));
    }

    [Fact]
    public void An_offset_beyond_the_blob_is_refused_with_a_reason()
    {
        var blob = AppendBlob("insights-activity-logs", ActivityLogBlobName(), "line-1\n");

        Reader().OpenFrom(blob.Uri, 100, Max, out string? reason).Should().BeNull();

        reason.Should().Contain("shorter than its cursor");
    }

    [Fact]
    public void Listing_finds_recent_blobs_of_the_log_containers_and_skips_other_containers_and_old_date_folders()
    {
        var now = DateTimeOffset.UtcNow;
        string resource = $"resourceId=/SUBSCRIPTIONS/{Guid.NewGuid():D}";
        string Hour(DateTimeOffset t) => $"y={t:yyyy}/m={t:MM}/d={t:dd}/h={t:HH}/m=00/PT1H.json";
        var current = AppendBlob("insights-logs-auditevent", $"{resource}/{Hour(now)}", "a\n");
        var oldFolder = AppendBlob("insights-logs-auditevent", $"{resource}/{Hour(now.AddDays(-3))}", "b\n");
        var undated = AppendBlob("insights-activity-logs", $"{resource}/no-date/PT1H.json", "c\n");
        var elsewhere = Upload("t" + Guid.NewGuid().ToString("N"), $"{resource}/{Hour(now)}", "d\n");

        var listed = Reader().ListModifiedSince(now.AddHours(-3), now.AddMinutes(5)).Where(b => b.Url.ToString().Contains(resource[^36..], StringComparison.Ordinal)).ToList();

        listed.Select(b => b.Url).Should().BeEquivalentTo([current.Uri, undated.Uri], "the y=/m=/d= folder three days back is not walked, other containers are not listed");
        listed.Should().OnlyContain(b => b.Length == 2);
        oldFolder.Exists().Value.Should().BeTrue();
        elsewhere.Should().NotBeNull();
    }

    [Fact]
    public void Listing_an_account_that_is_not_allowed_yields_nothing()
    {
        var reader = LogBlobReader.WithConnectionString(["other.example:10000"], Azurite.ConnectionString, development: true, Azurite.Options());

        reader.ListModifiedSince(DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow).Should().BeEmpty();
    }

    private static AppendBlobClient AppendBlob(string container, string blobName, string content)
    {
        var client = Azurite.Service().GetBlobContainerClient(container);
        client.CreateIfNotExists();
        var blob = client.GetAppendBlobClient(blobName);
        blob.Create();
        if (content.Length > 0)
        {
            blob.AppendBlock(new MemoryStream(Encoding.UTF8.GetBytes(content)));
        }

        return blob;
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

        var open = () => reader.OpenFrom(new Uri("http://127.0.0.1:1/devstoreaccount1/insights-activity-logs/PT1H.json"), 0, Max, out _);

        open.Should().Throw<global::Azure.RequestFailedException>();
    }

    private static BlobClientOptions NoRetries()
    {
        var options = Azurite.Options();
        options.Retry.MaxRetries = 0;
        return options;
    }
}
