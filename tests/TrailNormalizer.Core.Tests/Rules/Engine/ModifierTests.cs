using System.Text;
using static TrailNormalizer.Core.Tests.Rules.Engine.SigmaFixture;

namespace TrailNormalizer.Core.Tests.Rules.Engine;

public class ModifierTests
{
    private const string Record = """
        {"eventName":"PutBucketPolicy","userAgent":"aws-cli/2.15 Python/3.11","sourceIPAddress":"203.0.113.9",
         "v6":"2001:db8:0:1::5","mapped":"::ffff:10.1.2.3","count":12,"size":"7.5","arn":"arn:aws:iam::1:user/bob","user":"bob",
         "same":"Bob","cmd":"net user -add","script":"xx powershell -enc SQBFAFgA yy",
         "list":["alpha","beta"]}
        """;

    [Theory]
    [InlineData("eventName|contains: Bucket", true)]
    [InlineData("eventName|contains: bucket", true)]
    [InlineData("eventName|contains: Object", false)]
    [InlineData("eventName|startswith: Put", true)]
    [InlineData("eventName|startswith: Policy", false)]
    [InlineData("eventName|endswith: Policy", true)]
    [InlineData("eventName|endswith: Put", false)]
    [InlineData("eventName|contains|cased: bucket", false)]
    [InlineData("userAgent|contains|all: [aws-cli, Python]", true)]
    [InlineData("userAgent|contains|all: [aws-cli, Java]", false)]
    [InlineData("userAgent|contains: [Java, Python]", true)]
    [InlineData("list|all: [alpha, beta]", true)]
    [InlineData("list|all: [alpha, gamma]", false)]
    public void Contains_startswith_endswith_all_cased(string field, bool expected) =>
        Matches($"sel:\n  {field}\ncondition: sel", Record).Should().Be(expected);

    [Theory]
    [InlineData("eventName|re: '^Put.*Policy$'", true)]
    [InlineData("eventName|re: 'bucket'", false)]
    [InlineData("eventName|re|i: 'bucket'", true)]
    [InlineData("eventName|re: 'Bucket'", true)]
    [InlineData("arn|re: ':user/[a-z]+$'", true)]
    [InlineData("arn|re: '.+:iam::.+'", true)]
    [InlineData("arn|re: '.+:sts::.+'", false)]
    [InlineData("arn|re: '(b)o\\1'", true)]
    [InlineData("arn|re: '(o)b\\1'", false)]
    [InlineData("arn|re: 'user/(?=bob)'", true)]
    [InlineData("arn|re: 'user/(?!bob)'", false)]
    public void Regular_expressions_are_unanchored_and_case_sensitive_unless_i(string field, bool expected) =>
        Matches($"sel:\n  {field}\ncondition: sel", Record).Should().Be(expected);

    [Fact]
    public void Regex_multiline_and_singleline_flags()
    {
        const string record = """{"m":"first\nsecond"}""";
        Matches("sel:\n  m|re: '^second$'\ncondition: sel", record).Should().BeFalse();
        Matches("sel:\n  m|re|m: '^second$'\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  m|re: 'first.second'\ncondition: sel", record).Should().BeFalse();
        Matches("sel:\n  m|re|s: 'first.second'\ncondition: sel", record).Should().BeTrue();
    }

    [Theory]
    [InlineData("errorCode|exists: false", true)]
    [InlineData("errorCode|exists: true", false)]
    [InlineData("eventName|exists: true", true)]
    [InlineData("eventName|exists: false", false)]
    [InlineData("list|exists: true", true)]
    public void Exists(string field, bool expected) =>
        Matches($"sel:\n  {field}\ncondition: sel", Record).Should().Be(expected);

    [Fact]
    public void Exists_counts_json_null_as_present() =>
        Matches("sel:\n  e|exists: true\ncondition: sel", """{"e":null}""").Should().BeTrue();

    [Theory]
    [InlineData("sourceIPAddress|cidr: 203.0.113.0/24", true)]
    [InlineData("sourceIPAddress|cidr: 203.0.112.0/23", true)]
    [InlineData("sourceIPAddress|cidr: 203.0.113.10/31", false)]
    [InlineData("sourceIPAddress|cidr: [10.0.0.0/8, 203.0.113.9/32]", true)]
    [InlineData("v6|cidr: '2001:db8::/32'", true)]
    [InlineData("v6|cidr: '2001:db8:0:2::/64'", false)]
    [InlineData("v6|cidr: 0.0.0.0/0", false)]
    [InlineData("mapped|cidr: 10.0.0.0/8", true)]
    [InlineData("eventName|cidr: 0.0.0.0/0", false)]
    public void Cidr_ipv4_and_ipv6(string field, bool expected) =>
        Matches($"sel:\n  {field}\ncondition: sel", Record).Should().Be(expected);

    [Theory]
    [InlineData("count|gt: 11", true)]
    [InlineData("count|gt: 12", false)]
    [InlineData("count|gte: 12", true)]
    [InlineData("count|lt: 12", false)]
    [InlineData("count|lte: 12", true)]
    [InlineData("size|gt: 7", true)]
    [InlineData("size|lt: 7.25", false)]
    [InlineData("eventName|gt: 1", false)]
    public void Numeric_comparisons(string field, bool expected) =>
        Matches($"sel:\n  {field}\ncondition: sel", Record).Should().Be(expected);

    [Theory]
    [InlineData("same|fieldref: user", true)]
    [InlineData("same|fieldref|cased: user", false)]
    [InlineData("arn|fieldref: user", false)]
    [InlineData("arn|fieldref|endswith: user", true)]
    [InlineData("arn|fieldref|contains: user", true)]
    [InlineData("arn|fieldref|startswith: user", false)]
    [InlineData("same|fieldref: missing", false)]
    public void Fieldref_compares_with_another_field(string field, bool expected) =>
        Matches($"sel:\n  {field}\ncondition: sel", Record).Should().Be(expected);

    [Fact]
    public void Base64_matches_the_encoded_value()
    {
        string encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("secret-command"));
        string record = $$"""{"payload":"{{encoded}}","wrapped":"prefix {{encoded}} suffix"}""";
        Matches("sel:\n  payload|base64: secret-command\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  payload|base64: other\ncondition: sel", record).Should().BeFalse();
        Matches("sel:\n  wrapped|base64|contains: secret-command\ncondition: sel", record).Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    public void Base64offset_finds_the_value_at_any_byte_offset(string prefix)
    {
        string encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + "Invoke-Mimikatz" + " trailing"));
        string record = $$"""{"payload":"{{encoded}}"}""";
        Matches("sel:\n  payload|base64offset|contains: Invoke-Mimikatz\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  payload|base64offset|contains: Invoke-Other\ncondition: sel", record).Should().BeFalse();
    }

    [Fact]
    public void Windash_accepts_slash_and_dash_variants()
    {
        Matches("sel:\n  cmd|windash|contains: ' -add'\ncondition: sel", Record).Should().BeTrue();
        Matches("sel:\n  cmd|windash|contains: ' -add'\ncondition: sel", """{"cmd":"net user /add"}""").Should().BeTrue();
        Matches("sel:\n  cmd|contains: ' -add'\ncondition: sel", """{"cmd":"net user /add"}""").Should().BeFalse();
    }
}
