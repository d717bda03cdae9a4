using System.Buffers;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;
using TrailNormalizer.Core.Tests.Mapping;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Tagging;

/// <summary>The byte-range fast path of tagging writes exactly what the token-by-token path writes, or declines.</summary>
public class TaggedEventSpliceTests
{
    private static readonly Lazy<SigmaRuleSet> Rules = new(() => SigmaRuleSet.Combine(BuiltInRules.Load(), SigmaRuleLoader.LoadText("""
        title: Everything, with references
        id: 5d0c2f1e-0000-4000-8000-00000000f001
        author: TrailNormalizer tests
        references:
            - https://example.com/a "quoted" reference
        tags:
            - incident.catch_all
            - soc2.cc7_2
        logsource:
            product: aws
        detection:
            nothing:
                FieldNoRecordHas_5d0c: present
            condition: not nothing
        level: high
        """)));

    [Fact]
    public void Every_fixture_event_spliced_equals_the_token_path()
    {
        int spliced = 0;
        IReadOnlyList<SigmaRule>[] matchSets = [[Rules.Value.Rules[^1]], [.. Rules.Value.Rules.Take(3)], [Rules.Value.Rules[0], Rules.Value.Rules[^1]]];
        foreach (var (source, file) in GoldenFiles.AllCases())
        {
            var options = GoldenOptions.For(Path.Combine(RepoPaths.Fixtures, source));
            foreach (var ev in Normalize.File(GoldenFiles.InputPath(source, file), options).Events)
            {
                foreach (var matched in matchSets)
                {
                    if (Splice(ev.Json, matched) is { } bytes)
                    {
                        Encoding.UTF8.GetString(bytes).Should().Be(Tokens(ev.Json, matched), $"{source}/{file}");
                        spliced++;
                    }
                }
            }
        }

        spliced.Should().BeGreaterThan(600, "fixture events are written by the OCSF writer");
    }

    [Theory]
    [InlineData("""{"metadata":{"labels":["a"],"uid":"e"},"severity_id":1,"severity":"Informational"}""")]
    [InlineData("""{"severity":"Low","x":[1,{"y":"]}\\\"{["}],"metadata":{},"enrichments":[{"a":1},{"b":[]}],"severity_id":2}""")]
    [InlineData("""{"metadata":{"uid":"e","labels":"not an array","labels":[null,"b","b"]},"enrichments":"not an array"}""")]
    [InlineData("""{"metadata":{"labels":[]},"severity_id":9,"n":-1.5e3,"t":true,"f":false,"z":null,"s":"a\\\\"}""")]
    [InlineData("""{"severity":"High"}""")]
    [InlineData("""{}""")]
    public void Shaped_events_splice_to_the_token_path_bytes(string json)
    {
        IReadOnlyList<SigmaRule> matched = [Rules.Value.Rules[0], Rules.Value.Rules[^1]];
        byte[] bytes = Splice(Encoding.UTF8.GetBytes(json), matched) ?? throw new InvalidOperationException("declined");
        Encoding.UTF8.GetString(bytes).Should().Be(Tokens(Encoding.UTF8.GetBytes(json), matched));
    }

    [Theory]
    [InlineData("""{ "metadata":{}}""")]
    [InlineData("""{"metadata":{} }""")]
    [InlineData("""{"metadata" :{}}""")]
    [InlineData("""{"metadata":{"uid": "e"}}""")]
    [InlineData("""{"a":1 ,"metadata":{}}""")]
    [InlineData("""{"enrichments":[{"a":1} ]}""")]
    [InlineData("""{"u":"caf\u00e9","metadata":{}}""")]
    [InlineData("""{"u":"a\/b","metadata":{}}""")]
    [InlineData("""{"metadata":[],"severity_id":1}""")]
    [InlineData("""{"metadata":{"labels":[1]}}""")]
    [InlineData("""{"severity_id":"3"}""")]
    [InlineData("""{"s":"unterminated}""")]
    [InlineData("""[1]""")]
    public void Events_not_as_the_OCSF_writer_writes_them_are_left_to_the_token_path(string json)
    {
        Splice(Encoding.UTF8.GetBytes(json), [Rules.Value.Rules[^1]]).Should().BeNull();
    }

    [Fact]
    public void A_string_ends_at_its_closing_quote_whatever_escapes_it_holds()
    {
        string[] pieces = ["a", "\"", "\\", "\\\"", "{\"k\":\"v\"}", "é", "\n"];
        var random = new Random(14);
        for (int n = 0; n < 400; n++)
        {
            string text = string.Concat(Enumerable.Range(0, random.Next(0, 60)).Select(_ => pieces[random.Next(pieces.Length)]));
            byte[] json = Encoding.UTF8.GetBytes("{\"k\":" + JsonSerializer.Serialize(text) + ",\"next\":1}");
            int end = CompactJson.ValueEnd(json, 5);
            Encoding.UTF8.GetString(json[5..end]).Should().Be(JsonSerializer.Serialize(text), text);
        }
    }

    private static byte[]? Splice(byte[] json, IReadOnlyList<SigmaRule> matched)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var w = new Utf8JsonWriter(buffer, OcsfWriting.WriterOptions);
        return TaggedEventSplice.TryWrite(json, matched, buffer, w) ? buffer.WrittenSpan.ToArray() : null;
    }

    private static string Tokens(byte[] json, IReadOnlyList<SigmaRule> matched)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var w = new Utf8JsonWriter(buffer, OcsfWriting.WriterOptions);
        return Encoding.UTF8.GetString(TaggedEventWriter.WriteByTokens(json, matched, buffer, w));
    }
}
