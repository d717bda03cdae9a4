using TrailNormalizer.Aws.Findings;

namespace TrailNormalizer.Aws.Tests.FollowUps;

public sealed class SigV4Tests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Signs_the_worked_example_of_the_S3_SigV4_documentation()
    {
        // "Example: GET Object" of AWS's "Signature Calculations for the Authorization Header" page.
        var credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);
        var headers = new Dictionary<string, string>
        {
            ["Host"] = "examplebucket.s3.amazonaws.com",
            ["Range"] = "bytes=0-9",
            ["x-amz-content-sha256"] = EmptySha256,
            ["x-amz-date"] = "20130524T000000Z",
        };

        string authorization = SigV4.Authorization("GET", "/test.txt", headers, EmptySha256, credentials, "us-east-1", "s3",
            new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero));

        authorization.Should().Be(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    [Fact]
    public void The_credentials_never_print_their_secret()
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", "very-secret", "token-secret");

        credentials.ToString().Should().Contain("AKIDEXAMPLE").And.NotContain("very-secret").And.NotContain("token-secret");
    }
}
