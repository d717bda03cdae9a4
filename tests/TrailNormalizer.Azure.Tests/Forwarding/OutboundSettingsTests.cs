using TrailNormalizer.Azure.Configuration;
using TrailNormalizer.Azure.Forwarding;

namespace TrailNormalizer.Azure.Tests.Forwarding;

public sealed class OutboundSettingsTests
{
    [Fact]
    public void Nothing_set_turns_every_outbound_path_off()
    {
        var settings = OutboundSettings.From(new Dictionary<string, string>(), development: false);

        settings.LogAnalyticsEnabled.Should().BeFalse();
        settings.FindingsEnabled.Should().BeFalse();
        settings.WitnessEnabled.Should().BeFalse();
        settings.ForwardMaxBatches.Should().Be(200);
    }

    [Fact]
    public void The_deployed_settings_are_accepted()
    {
        var settings = OutboundSettings.From(new Dictionary<string, string>
        {
            ["TRAILNORM_LOGS_INGESTION_ENDPOINT"] = "https://trailnorm-dce-abc.westeurope-1.ingest.monitor.azure.com",
            ["TRAILNORM_LOGS_DCR_IMMUTABLE_ID"] = "dcr-00112233445566778899aabbccddeeff",
            ["TRAILNORM_FINDINGS_TOPIC_ENDPOINT"] = "https://trailnorm-findings-abc.westeurope-1.eventgrid.azure.net/api/events",
            ["TRAILNORM_WITNESS_CONTAINER_URL"] = "https://witnessacct.blob.core.windows.net/witness",
        }, development: false);

        settings.LogAnalyticsEnabled.Should().BeTrue();
        settings.LogsStream.Should().Be("Custom-TrailNormalizer");
        settings.FindingsEnabled.Should().BeTrue();
        settings.WitnessEnabled.Should().BeTrue();
    }

    [Theory]
    [InlineData("TRAILNORM_LOGS_INGESTION_ENDPOINT", "https://dce.westeurope-1.ingest.monitor.azure.com.evil.example", "ingest.monitor.azure.com")]
    [InlineData("TRAILNORM_LOGS_INGESTION_ENDPOINT", "http://dce.westeurope-1.ingest.monitor.azure.com", "https")]
    [InlineData("TRAILNORM_LOGS_INGESTION_ENDPOINT", "http://127.0.0.1:8080", "https")]
    [InlineData("TRAILNORM_FINDINGS_TOPIC_ENDPOINT", "https://t.westeurope-1.eventgrid.azure.net/api/events?sig=x", "without credentials, query")]
    [InlineData("TRAILNORM_FINDINGS_TOPIC_ENDPOINT", "https://t.westeurope-1.eventgrid.azure.net/other", "/api/events")]
    [InlineData("TRAILNORM_WITNESS_CONNECTION_STRING", "UseDevelopmentStorage=true", "development only")]
    [InlineData("TRAILNORM_FORWARD_MAX_BATCHES", "0", "from 1 to 5000")]
    public void Endpoints_off_the_services_domains_and_development_settings_are_refused(string name, string value, string reason)
    {
        var env = new Dictionary<string, string> { [name] = value };
        if (name == "TRAILNORM_LOGS_INGESTION_ENDPOINT")
        {
            env["TRAILNORM_LOGS_DCR_IMMUTABLE_ID"] = "dcr-00112233445566778899aabbccddeeff";
        }

        var act = () => OutboundSettings.From(env, development: false);

        act.Should().Throw<SettingsException>().Which.Message.Should().Contain(name).And.Contain(reason);
    }

    [Fact]
    public void The_endpoint_and_the_rule_id_go_together_and_the_id_is_checked()
    {
        var alone = () => OutboundSettings.From(new Dictionary<string, string> { ["TRAILNORM_LOGS_INGESTION_ENDPOINT"] = "https://d.westeurope-1.ingest.monitor.azure.com" }, false);
        var badId = () => OutboundSettings.From(new Dictionary<string, string>
        {
            ["TRAILNORM_LOGS_INGESTION_ENDPOINT"] = "https://d.westeurope-1.ingest.monitor.azure.com",
            ["TRAILNORM_LOGS_DCR_IMMUTABLE_ID"] = "/subscriptions/x/dataCollectionRules/y",
        }, false);

        alone.Should().Throw<SettingsException>().WithMessage("*both*");
        badId.Should().Throw<SettingsException>().WithMessage("*immutable id*");
    }

    [Fact]
    public void Development_mode_allows_loopback_http_for_the_tests_services()
    {
        var settings = OutboundSettings.From(new Dictionary<string, string>
        {
            ["TRAILNORM_LOGS_INGESTION_ENDPOINT"] = "http://127.0.0.1:18080",
            ["TRAILNORM_LOGS_DCR_IMMUTABLE_ID"] = "dcr-00112233445566778899aabbccddeeff",
            ["TRAILNORM_WITNESS_CONNECTION_STRING"] = "UseDevelopmentStorage=true",
            ["TRAILNORM_WITNESS_CONTAINER"] = "witness",
        }, development: true);

        settings.LogAnalyticsEnabled.Should().BeTrue();
        settings.WitnessEnabled.Should().BeTrue();
    }
}
