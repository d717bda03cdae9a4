using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TrailNormalizer.Aws.Functions;

namespace TrailNormalizer.Aws.Tests.Functions;

public sealed class HttpsCertificateSourceTests
{
    private static readonly Uri CertUrl = new("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem");

    private static string SelfSignedPem()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=sns.amazonaws.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return certificate.ExportCertificatePem();
    }

    [Fact]
    public void A_certificate_is_fetched_once_per_URL_and_cached()
    {
        string pem = SelfSignedPem();
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(pem) });
        using var source = new HttpsCertificateSource(handler);

        var first = source.Find(CertUrl);
        var second = source.Find(CertUrl);

        first.Should().NotBeNull();
        second.Should().BeSameAs(first);
        first!.Subject.Should().Be("CN=sns.amazonaws.com");
        handler.Requests.Should().Equal(CertUrl);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    public void A_certificate_SNS_does_not_have_is_unknown(HttpStatusCode status)
    {
        using var source = new HttpsCertificateSource(new StubHandler(_ => new HttpResponseMessage(status)));

        source.Find(CertUrl).Should().BeNull();
    }

    [Fact]
    public void A_redirect_is_not_followed()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("https://evil.example/cert.pem") } });
        using var source = new HttpsCertificateSource(handler);

        var act = () => source.Find(CertUrl);

        act.Should().Throw<HttpRequestException>();
        handler.Requests.Should().Equal(CertUrl);
    }

    [Fact]
    public void A_server_failure_throws_so_the_message_is_retried_and_nothing_is_cached()
    {
        string pem = SelfSignedPem();
        int calls = 0;
        var handler = new StubHandler(_ => ++calls == 1
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(pem) });
        using var source = new HttpsCertificateSource(handler);

        source.Invoking(s => s.Find(CertUrl)).Should().Throw<HttpRequestException>();
        source.Find(CertUrl).Should().NotBeNull();
    }

    [Fact]
    public void An_oversized_or_unparseable_answer_is_no_certificate()
    {
        using var big = new HttpsCertificateSource(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new MemoryStream(new byte[HttpsCertificateSource.MaxCertificateBytes + 1])),
        }));
        using var garbage = new HttpsCertificateSource(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>hello</html>") }));

        big.Find(CertUrl).Should().BeNull();
        garbage.Find(CertUrl).Should().BeNull();
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            return answer(request);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
