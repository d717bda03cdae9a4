using TrailNormalizer.Azure.Storage;

namespace TrailNormalizer.Azure.Tests.Storage;

public sealed class BlobClientFactoryTests
{
    private const string DevConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleS1ub3QtcmVhbA==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    [Theory]
    [InlineData("https://contosoaudit.blob.core.windows.net/evidence")]
    [InlineData("https://contosoaudit.blob.core.windows.net/evidence/")]
    [InlineData("https://contosoaudit.blob.core.chinacloudapi.cn/audit-2026")]
    public void Container_urls_on_blob_endpoints_are_accepted(string url)
    {
        var container = BlobClientFactory.EvidenceContainer(new Uri(url), new StaticTokenCredential(), development: false);

        container.Name.Should().Be(new Uri(url).AbsolutePath.Trim('/'));
    }

    [Theory]
    [InlineData("http://contosoaudit.blob.core.windows.net/evidence", "https")]
    [InlineData("https://contosoaudit.blob.core.windows.net:8443/evidence", "https")]
    [InlineData("https://evil.example.com/evidence", "Azure Blob endpoint")]
    [InlineData("https://contosoaudit.blob.core.windows.net.evil.example/evidence", "Azure Blob endpoint")]
    [InlineData("https://contosoaudit.blob.core.windows.net/evidence?sv=2024&sig=secret", "without credentials, query")]
    [InlineData("https://user:pw@contosoaudit.blob.core.windows.net/evidence", "without credentials, query")]
    [InlineData("https://contosoaudit.blob.core.windows.net/evidence/folder", "not a blob or folder")]
    [InlineData("https://contosoaudit.blob.core.windows.net/", "not a valid container name")]
    [InlineData("https://contosoaudit.blob.core.windows.net/Evidence", "not a valid container name")]
    [InlineData("https://contosoaudit.blob.core.windows.net/ev--idence", "not a valid container name")]
    public void Bad_container_urls_are_refused_with_the_reason(string url, string reason)
    {
        var create = () => BlobClientFactory.EvidenceContainer(new Uri(url), new StaticTokenCredential(), development: false);

        create.Should().Throw<StorageConfigurationException>().WithMessage($"*{reason}*").Which.Message.Should().NotContain("secret");
    }

    [Fact]
    public void Development_mode_allows_any_https_host_but_never_http_with_a_token()
    {
        var container = BlobClientFactory.EvidenceContainer(new Uri("https://127.0.0.1:10000/devstoreaccount1/evidence"), new StaticTokenCredential(), development: true);
        var http = () => BlobClientFactory.EvidenceContainer(new Uri("http://127.0.0.1:10000/devstoreaccount1/evidence"), new StaticTokenCredential(), development: true);

        container.Name.Should().Be("evidence");
        container.AccountName.Should().Be("devstoreaccount1");
        http.Should().Throw<StorageConfigurationException>().WithMessage("*must use https*");
    }

    [Fact]
    public void A_connection_string_is_for_development_only()
    {
        var create = () => BlobClientFactory.EvidenceContainer(DevConnectionString, "evidence", development: false);

        create.Should().Throw<StorageConfigurationException>().WithMessage("*development only*");
        BlobClientFactory.EvidenceContainer(DevConnectionString, "evidence", development: true).Uri
            .Should().Be(new Uri("http://127.0.0.1:10000/devstoreaccount1/evidence"));
    }

    [Fact]
    public void A_malformed_connection_string_is_named_but_never_echoed()
    {
        var create = () => BlobClientFactory.EvidenceContainer("AccountKey=hunter2-secret;Nonsense", "evidence", development: true);

        create.Should().Throw<StorageConfigurationException>()
            .WithMessage("*TRAILNORM_EVIDENCE_CONNECTION_STRING*").Which.Message.Should().NotContain("hunter2");
    }

    [Fact]
    public void The_environment_selects_managed_identity_or_a_connection_string()
    {
        var managed = BlobClientFactory.EvidenceContainerFromEnvironment(Env(("TRAILNORM_EVIDENCE_CONTAINER_URL", "https://contosoaudit.blob.core.windows.net/evidence"), ("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000001")), development: false);
        managed.Uri.Should().Be(new Uri("https://contosoaudit.blob.core.windows.net/evidence"));

        var dev = BlobClientFactory.EvidenceContainerFromEnvironment(Env(("TRAILNORM_EVIDENCE_CONNECTION_STRING", DevConnectionString), ("TRAILNORM_EVIDENCE_CONTAINER", "evidence")), development: true);
        dev.Name.Should().Be("evidence");

        var both = () => BlobClientFactory.EvidenceContainerFromEnvironment(Env(("TRAILNORM_EVIDENCE_CONTAINER_URL", "https://a.blob.core.windows.net/e1"), ("TRAILNORM_EVIDENCE_CONNECTION_STRING", DevConnectionString)), development: true);
        both.Should().Throw<StorageConfigurationException>().WithMessage("*not both*");

        var none = () => BlobClientFactory.EvidenceContainerFromEnvironment(Env(), development: false);
        none.Should().Throw<StorageConfigurationException>().WithMessage("*TRAILNORM_EVIDENCE_CONTAINER_URL*");
    }

    [Fact]
    public void Client_options_bound_retries_and_timeouts()
    {
        var options = BlobClientFactory.ClientOptions();

        options.Retry.MaxRetries.Should().Be(4);
        options.Retry.MaxDelay.Should().Be(TimeSpan.FromSeconds(8));
        options.Retry.NetworkTimeout.Should().Be(TimeSpan.FromSeconds(100));
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
