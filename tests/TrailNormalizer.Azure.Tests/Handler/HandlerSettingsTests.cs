using TrailNormalizer.Azure.Configuration;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.Handler;

public sealed class HandlerSettingsTests
{
    private static readonly Dictionary<string, string> Production = new()
    {
        ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7071",
        ["TRAILNORM_EVIDENCE_CONTAINER_URL"] = "https://acct.blob.core.windows.net/evidence",
        ["TRAILNORM_SOURCE_ACCOUNTS"] = "mylogs.blob.core.windows.net, other.blob.core.windows.net",
        ["TRAILNORM_WEBHOOK_KEY"] = "k",
    };

    [Fact]
    public void Production_settings_parse_with_defaults()
    {
        var settings = HandlerSettings.From(Production);

        settings.Port.Should().Be(7071);
        settings.EvidenceContainerUrl!.Host.Should().Be("acct.blob.core.windows.net");
        settings.SourceAccounts.Should().BeEquivalentTo(["mylogs.blob.core.windows.net", "other.blob.core.windows.net"]);
        settings.Retention.Days.Should().Be(400);
        settings.LogOrigin.Should().Be("trailnormalizer/acct.blob.core.windows.net/evidence");
        settings.DevelopmentMode.Should().BeFalse();
    }

    [Fact]
    public void Missing_port_says_the_host_sets_it() =>
        Refused(With(("FUNCTIONS_CUSTOMHANDLER_PORT", null))).Should().Contain("FUNCTIONS_CUSTOMHANDLER_PORT is not set");

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("http")]
    public void Bad_port_is_refused(string port) =>
        Refused(With(("FUNCTIONS_CUSTOMHANDLER_PORT", port))).Should().Contain("FUNCTIONS_CUSTOMHANDLER_PORT must be a TCP port");

    [Theory]
    [InlineData("http://acct.blob.core.windows.net/evidence")]
    [InlineData("https://acct.blob.core.windows.net/")]
    [InlineData("https://acct.blob.core.windows.net/evidence?sv=2020&sig=x")]
    [InlineData("https://acct.blob.core.windows.net/evidence/sub")]
    public void Container_url_must_be_an_https_container(string url) =>
        Refused(With(("TRAILNORM_EVIDENCE_CONTAINER_URL", url))).Should().Contain("TRAILNORM_EVIDENCE_CONTAINER_URL");

    [Theory]
    [InlineData("TRAILNORM_EVIDENCE_CONNECTION_STRING")]
    [InlineData("TRAILNORM_SOURCE_CONNECTION_STRING")]
    [InlineData("TRAILNORM_SIGNING_KEY_FILE")]
    public void Development_only_settings_are_refused_outside_development_mode(string name)
    {
        var env = With(("TRAILNORM_EVIDENCE_CONTAINER_URL", null), ("TRAILNORM_EVIDENCE_CONTAINER", "evidence"), (name, "x"));

        Refused(env).Should().Contain(name).And.Contain("development");
    }

    [Fact]
    public void Development_mode_accepts_a_connection_string()
    {
        var settings = HandlerSettings.From(With(("TRAILNORM_EVIDENCE_CONTAINER_URL", null), ("TRAILNORM_DEVELOPMENT_MODE", "true"),
            ("TRAILNORM_EVIDENCE_CONNECTION_STRING", "UseDevelopmentStorage=true"), ("TRAILNORM_EVIDENCE_CONTAINER", "evidence")));

        settings.DevelopmentMode.Should().BeTrue();
        settings.EvidenceContainer.Should().Be("evidence");
    }

    [Fact]
    public void No_evidence_store_is_refused() =>
        Refused(With(("TRAILNORM_EVIDENCE_CONTAINER_URL", null))).Should().Contain("TRAILNORM_EVIDENCE_CONTAINER_URL");

    [Fact]
    public void Retention_below_90_days_is_refused() =>
        Refused(With(("TRAILNORM_RETENTION_DAYS", "30"))).Should().Contain("90-day minimum");

    [Fact]
    public void Escalation_level_sets_the_threshold_or_turns_escalation_off()
    {
        HandlerSettings.From(Production).Escalation!.MinimumSeverityId.Should().Be(4);
        HandlerSettings.From(With(("TRAILNORM_ESCALATION_LEVEL", "low"))).Escalation!.MinimumSeverityId.Should().Be(2);
        HandlerSettings.From(With(("TRAILNORM_ESCALATION_LEVEL", "none"))).Escalation.Should().BeNull();
        Refused(With(("TRAILNORM_ESCALATION_LEVEL", "severe"))).Should().Contain("TRAILNORM_ESCALATION_LEVEL 'severe' is not a rule level");
    }

    [Fact]
    public void Source_account_must_be_a_host() =>
        Refused(With(("TRAILNORM_SOURCE_ACCOUNTS", "https://mylogs.blob.core.windows.net/x"))).Should().Contain("TRAILNORM_SOURCE_ACCOUNTS");

    [Fact]
    public void Unset_webhook_key_is_null_so_the_webhook_refuses_everything() =>
        HandlerSettings.From(With(("TRAILNORM_WEBHOOK_KEY", null))).WebhookKey.Should().BeNull();

    [Fact]
    public void Follow_settings_default_to_a_two_hour_closing_period_and_a_three_hour_lookback()
    {
        var settings = HandlerSettings.From(Production);

        (settings.LogClosingPeriod, settings.FollowLookback, settings.FollowMaxBlobs, settings.FollowMaxBytes)
            .Should().Be((TimeSpan.FromHours(2), TimeSpan.FromHours(3), 500, 512L * 1024 * 1024));
    }

    [Fact]
    public void Follow_settings_are_read_and_bounded()
    {
        var settings = HandlerSettings.From(With(("TRAILNORM_LOG_CLOSING_MINUTES", "60"), ("TRAILNORM_FOLLOW_LOOKBACK_MINUTES", "90"),
            ("TRAILNORM_FOLLOW_MAX_BLOBS", "10"), ("TRAILNORM_FOLLOW_MAX_MB", "64")));

        (settings.LogClosingPeriod, settings.FollowLookback, settings.FollowMaxBlobs, settings.FollowMaxBytes)
            .Should().Be((TimeSpan.FromHours(1), TimeSpan.FromMinutes(90), 10, 64L * 1024 * 1024));
        Refused(With(("TRAILNORM_FOLLOW_MAX_MB", "1"))).Should().Contain("TRAILNORM_FOLLOW_MAX_MB must be a whole number from 16");
        Refused(With(("TRAILNORM_FOLLOW_MAX_BLOBS", "lots"))).Should().Contain("TRAILNORM_FOLLOW_MAX_BLOBS");
    }

    [Fact]
    public void A_lookback_that_does_not_outlast_the_closing_period_is_refused() =>
        Refused(With(("TRAILNORM_LOG_CLOSING_MINUTES", "120"), ("TRAILNORM_FOLLOW_LOOKBACK_MINUTES", "130")))
            .Should().Contain("must exceed TRAILNORM_LOG_CLOSING_MINUTES");

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        string message = Refused(With(("FUNCTIONS_CUSTOMHANDLER_PORT", "0"), ("TRAILNORM_RETENTION_DAYS", "30"),
            ("TRAILNORM_SOURCE_ACCOUNTS", "https://mylogs.blob.core.windows.net/x"), ("TRAILNORM_FOLLOW_MAX_BLOBS", "lots")));

        message.Should().Contain("FUNCTIONS_CUSTOMHANDLER_PORT must be a TCP port").And.Contain("90-day minimum")
            .And.Contain("TRAILNORM_SOURCE_ACCOUNTS").And.Contain("TRAILNORM_FOLLOW_MAX_BLOBS");
        message.Split("; ").Should().HaveCount(4);
    }

    private static Dictionary<string, string> With(params (string Name, string? Value)[] changes) => EnvironmentEdits.With(Production, changes);

    private static string Refused(Dictionary<string, string> env)
    {
        var act = () => HandlerSettings.From(env);
        return act.Should().Throw<SettingsException>().Which.Message;
    }
}
