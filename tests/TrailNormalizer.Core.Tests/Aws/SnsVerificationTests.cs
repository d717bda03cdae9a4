using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Mapping.Aws.Sns;

namespace TrailNormalizer.Core.Tests.Aws;

public sealed class SnsVerificationTests : IDisposable
{
    private readonly SnsTestSigner _signer = new();

    private RecordHandlerOptions Verified => new() { SnsCertificates = _signer };

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void A_correctly_signed_notification_is_normalized_without_the_unverified_label(string version)
    {
        var result = AwsRun.Text(SnsTestSigner.Json(_signer.Notification("backup done", version, subject: "ops")), Verified);

        result.Quarantine.Should().BeEmpty();
        result.Events.Should().ContainSingle().Which.Uid.Should().Be("5f0c3b2a-1d4e-4f6a-8b9c-0d1e2f3a4b5c");
        result.EventTexts.Single().Should().NotContain(SnsHandler.UnverifiedLabel).And.Contain("\"name\":\"SNS\"");
    }

    [Fact]
    public void A_forged_signature_is_quarantined()
    {
        var fields = _signer.Notification("backup done");
        var signature = Convert.FromBase64String(fields["Signature"]);
        signature[7] ^= 0x01;
        fields["Signature"] = Convert.ToBase64String(signature);

        var result = AwsRun.Text(SnsTestSigner.Json(fields), Verified);

        result.Events.Should().BeEmpty();
        result.Quarantine.Should().ContainSingle().Which.Reason.Should().Contain("signature does not verify");
    }

    [Fact]
    public void An_altered_message_is_quarantined()
    {
        var fields = _signer.Notification("backup done");
        fields["Message"] = "backup done; also grant admin";

        var result = AwsRun.Text(SnsTestSigner.Json(fields), Verified);

        result.Events.Should().BeEmpty();
        result.Quarantine.Should().ContainSingle().Which.Reason.Should().Contain("forged or altered");
    }

    [Fact]
    public void An_altered_subject_is_quarantined_because_the_subject_is_signed()
    {
        var fields = _signer.Notification("backup done", subject: "ops");
        fields["Subject"] = "ops-urgent";

        AwsRun.Text(SnsTestSigner.Json(fields), Verified).Quarantine.Should().ContainSingle();
    }

    [Fact]
    public void A_wrong_signing_cert_host_is_quarantined_before_any_certificate_is_looked_up()
    {
        var fields = _signer.Notification("backup done");
        fields["SigningCertURL"] = "https://sns.eu-west-1.amazonaws.com.evil.example/SimpleNotificationService-test.pem";
        _signer.Sign(fields);

        var result = AwsRun.Text(SnsTestSigner.Json(fields), Verified);

        result.Quarantine.Should().ContainSingle().Which.Reason.Should().Contain("not an SNS endpoint");
        _signer.Requested.Should().BeEmpty();
    }

    [Fact]
    public void An_unknown_certificate_is_quarantined()
    {
        var fields = _signer.Notification("backup done");
        fields["SigningCertURL"] = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-other.pem";
        _signer.Sign(fields);

        AwsRun.Text(SnsTestSigner.Json(fields), Verified).Quarantine.Should().ContainSingle()
            .Which.Reason.Should().Contain("unknown signing certificate");
    }

    [Fact]
    public void Without_a_certificate_source_envelopes_are_counted_and_every_event_is_labelled_unverified()
    {
        var options = new RecordHandlerOptions();
        string cloudTrailInside = """{"eventVersion":"1.09","eventTime":"2026-02-01T09:59:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","eventID":"0a1b2c3d-0000-4000-8000-000000000001","recipientAccountId":"111122223333"}""";
        var fields = _signer.Notification(cloudTrailInside);
        fields["Signature"] = "AAAA"; // would not verify, but nothing is verified without certificates

        var result = AwsRun.Text(SnsTestSigner.Json(fields), options);

        result.Events.Should().ContainSingle().Which.Uid.Should().Be("0a1b2c3d-0000-4000-8000-000000000001");
        result.EventTexts.Single().Should().Contain(SnsHandler.UnverifiedLabel);
        options.SnsTally.Unverified.Should().Be(1);
    }

    [Fact]
    public void Topics_outside_the_allow_list_are_quarantined()
    {
        var options = new RecordHandlerOptions { SnsCertificates = _signer, SnsAllowedTopics = new HashSet<string> { "arn:aws:sns:eu-west-1:111122223333:other" } };

        AwsRun.Text(SnsTestSigner.Json(_signer.Notification("x")), options).Quarantine.Should().ContainSingle()
            .Which.Reason.Should().Contain("is not allowed");
    }

    [Fact]
    public void An_empty_allow_list_allows_no_topic_and_no_list_allows_every_topic()
    {
        var none = new RecordHandlerOptions { SnsCertificates = _signer, SnsAllowedTopics = new HashSet<string>() };
        var any = new RecordHandlerOptions { SnsCertificates = _signer };

        AwsRun.Text(SnsTestSigner.Json(_signer.Notification("x")), none).Quarantine.Should().ContainSingle()
            .Which.Reason.Should().Contain("is not allowed");
        AwsRun.Text(SnsTestSigner.Json(_signer.Notification("x")), any).Quarantine.Should().BeEmpty();
    }

    [Theory]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem", true)]
    [InlineData("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem", true)]
    [InlineData("https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-abc.pem", true)]
    [InlineData("http://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem", false)]
    [InlineData("https://sns.us-east-1.amazonaws.com.evil.com/SimpleNotificationService-abc.pem", false)]
    [InlineData("https://evil.com/sns.us-east-1.amazonaws.com/x.pem", false)]
    [InlineData("https://user@sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem", false)]
    [InlineData("https://sns.us-east-1.amazonaws.com:443/SimpleNotificationService-abc.pem", false)]
    [InlineData("https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-abc.pem", false)]
    [InlineData("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.crt", false)]
    [InlineData("https://sns.us-east-1.amazonaws.com/x.pem?y=1", false)]
    [InlineData("https://sqs.us-east-1.amazonaws.com/x.pem", false)]
    [InlineData("EXAMPLE", false)]
    public void Signing_cert_urls_are_accepted_only_for_sns_hosts(string url, bool accepted)
    {
        (SnsSigningCertUrl.Validate(url, out _) is not null).Should().Be(accepted);
    }

    public void Dispose() => _signer.Dispose();
}
