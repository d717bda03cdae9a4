using static TrailNormalizer.Core.Tests.Rules.Engine.SigmaFixture;

namespace TrailNormalizer.Core.Tests.Rules.Engine;

public class ValueMatchingTests
{
    private const string Stop = """{"eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com"}""";

    [Fact]
    public void A_map_is_the_and_of_its_fields()
    {
        const string detection = """
            selection:
              eventName: StopLogging
              eventSource: cloudtrail.amazonaws.com
            condition: selection
            """;
        Matches(detection, Stop).Should().BeTrue();
        Matches(detection, """{"eventName":"StopLogging","eventSource":"s3.amazonaws.com"}""").Should().BeFalse();
    }

    [Fact]
    public void A_list_of_maps_is_an_or_and_a_list_of_values_is_an_or()
    {
        const string detection = """
            selection:
              - eventName: [DeleteTrail, StopLogging]
              - eventSource: kms.amazonaws.com
            condition: selection
            """;
        Matches(detection, Stop).Should().BeTrue();
        Matches(detection, """{"eventName":"X","eventSource":"kms.amazonaws.com"}""").Should().BeTrue();
        Matches(detection, """{"eventName":"X","eventSource":"s3.amazonaws.com"}""").Should().BeFalse();
    }

    [Fact]
    public void Values_are_case_insensitive_unless_cased()
    {
        Matches("sel:\n  eventName: stoplogging\ncondition: sel", Stop).Should().BeTrue();
        Matches("sel:\n  eventName|cased: stoplogging\ncondition: sel", Stop).Should().BeFalse();
        Matches("sel:\n  eventName|cased: StopLogging\ncondition: sel", Stop).Should().BeTrue();
    }

    [Theory]
    [InlineData("Stop*", true)]
    [InlineData("*Logging", true)]
    [InlineData("*opLog*", true)]
    [InlineData("St?pLogging", true)]
    [InlineData("S*L?gg*g", true)]
    [InlineData("Stop?", false)]
    [InlineData("*", true)]
    [InlineData("Start*", false)]
    public void Wildcards_star_and_question_mark(string pattern, bool expected) =>
        Matches($"sel:\n  eventName: '{pattern}'\ncondition: sel", Stop).Should().Be(expected);

    [Fact]
    public void Escaped_wildcards_and_backslashes_are_literal()
    {
        const string record = """{"a":"x*y","b":"what?","c":"C:\\Windows\\x","d":"x\\*y"}""";
        Matches("sel:\n  a: 'x\\*y'\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  a: 'x\\*y'\ncondition: sel", """{"a":"xzzy"}""").Should().BeFalse();
        Matches("sel:\n  b: 'what\\?'\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  b: 'what\\?'\ncondition: sel", """{"b":"whatX"}""").Should().BeFalse();
        Matches("sel:\n  c: 'C:\\Windows\\x'\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  d: 'x\\\\\\*y'\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  d: 'x\\\\*'\ncondition: sel", record).Should().BeTrue();
    }

    [Fact]
    public void Numbers_and_booleans_compare_by_their_text()
    {
        const string record = """{"code":403,"ok":false,"s":"403"}""";
        Matches("sel:\n  code: 403\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  code: '40*'\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  ok: false\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  ok: 'FALSE'\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  s: 403\ncondition: sel", record).Should().BeTrue();
    }

    [Fact]
    public void Null_means_absent_or_json_null_and_empty_string_is_empty()
    {
        const string detection = "sel:\n  errorCode: null\ncondition: sel";
        Matches(detection, """{"eventName":"x"}""").Should().BeTrue();
        Matches(detection, """{"errorCode":null}""").Should().BeTrue();
        Matches(detection, """{"errorCode":"AccessDenied"}""").Should().BeFalse();
        Matches("sel:\n  errorCode: ''\ncondition: sel", """{"errorCode":""}""").Should().BeTrue();
        Matches("sel:\n  errorCode: ''\ncondition: sel", """{"eventName":"x"}""").Should().BeFalse();
        Matches("sel:\n  errorCode: ~\ncondition: sel", """{"eventName":"x"}""").Should().BeTrue();
    }

    [Fact]
    public void Nested_paths_and_arrays_at_any_step()
    {
        const string record = """
            {"userIdentity":{"type":"Root","sessionContext":{"attributes":{"mfaAuthenticated":"false"}}},
             "requestParameters":{"ipPermissions":{"items":[
                {"ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"}]}},
                {"ipRanges":{"items":[{"cidrIp":"172.16.0.0/12"},{"cidrIp":"0.0.0.0/0"}]}}]}},
             "tags":["a","b","prod"]}
            """;
        Matches("sel:\n  userIdentity.type: Root\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  userIdentity.sessionContext.attributes.mfaAuthenticated: 'false'\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 0.0.0.0/0\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  requestParameters.ipPermissions.items.ipRanges.items.cidrIp: ::/0\ncondition: sel", record).Should().BeFalse();
        Matches("sel:\n  tags: prod\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  userIdentity.type.deeper: Root\ncondition: sel", record).Should().BeFalse();
        Matches("sel:\n  UserIdentity.type: Root\ncondition: sel", record).Should().BeFalse("field names are exact");
    }

    [Fact]
    public void A_literal_key_with_dots_is_tried_before_splitting()
    {
        const string record = """{"properties.status":"Failed","properties":{"status":"Succeeded"}}""";
        Matches("sel:\n  properties.status: Failed\ncondition: sel", record).Should().BeTrue();
        Matches("sel:\n  properties.status: Succeeded\ncondition: sel", record).Should().BeTrue("the split path is tried too");
        Matches("sel:\n  a.b.c: x\ncondition: sel", """{"a":{"b.c":"x"}}""").Should().BeTrue();
    }

    [Fact]
    public void Json_escapes_in_record_strings_are_decoded()
    {
        Matches("sel:\n  p: 'a/b'\ncondition: sel", """{"p":"a\/b"}""").Should().BeTrue();
        Matches("sel:\n  p: 'é*'\ncondition: sel", """{"p":"\u00e9t\u00e9"}""").Should().BeTrue();
        Matches("sel:\n  p: \"say \\\"hi\\\"\"\ncondition: sel", """{"p":"say \"hi\""}""").Should().BeTrue();
        Matches("sel:\n  p|re: '^a\\\\b\\nc\\td$'\ncondition: sel", """{"p":"a\\b\nc\td"}""").Should().BeTrue();
        Matches("sel:\n  p|endswith: '😀'\ncondition: sel", """{"p":"x\ud83d\ude00"}""").Should().BeTrue();
        Matches("kw:\n  - 'line two'\ncondition: kw", """{"p":"line one\nline two"}""").Should().BeTrue();
    }

    [Fact]
    public void Keywords_search_every_value_of_the_record_as_contains()
    {
        const string detection = """
            keywords:
              - Microsoft.Authorization/roleAssignments/write
              - listKeys/action
            condition: keywords
            """;
        const string record = """{"operationName":{"value":"MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE"},"x":[1,2]}""";
        Matches(detection, record).Should().BeTrue();
        Matches(detection, """{"a":{"b":["Microsoft.Storage/storageAccounts/listKeys/action"]}}""").Should().BeTrue();
        Matches(detection, """{"Microsoft.Authorization/roleAssignments/write":"key names are not searched"}""").Should().BeFalse();
    }

    [Fact]
    public void A_single_keyword_and_fieldless_modifiers()
    {
        Matches("kw: StopLogging\ncondition: kw", Stop).Should().BeTrue();
        Matches("kw:\n  '|re': '^Stop.*g$'\ncondition: kw", Stop).Should().BeTrue();
        Matches("kw:\n  '|startswith': cloudtrail.\ncondition: kw", Stop).Should().BeTrue();
        Matches("kw:\n  '|startswith': trail.\ncondition: kw", Stop).Should().BeFalse();
    }
}
