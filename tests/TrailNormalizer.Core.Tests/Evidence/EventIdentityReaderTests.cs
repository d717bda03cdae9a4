using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Core.Tests.Evidence;

/// <summary>
/// The forward-only identity reader verify uses answers exactly what a parsed document's <see cref="EventIdentity.Of"/>
/// answers, on ordinary and odd stored lines.
/// </summary>
public sealed class EventIdentityReaderTests
{
    private const string Raw = "{\"eventID\":\"e-1\",\"eventName\":\"GetObject\"}";

    public static TheoryData<string, string?> Lines => new()
    {
        { $"{{\"class_uid\":6003,\"metadata\":{{\"version\":\"1.8.0\",\"uid\":\"e-1\"}},\"raw_data\":{JsonSerializer.Serialize(Raw)}}}", "e-1" },
        { "{\"class_uid\":6003,\"metadata\":{\"version\":\"1.8.0\"}}", null },
        { "{\"metadata\":{\"uid\":\"\"},\"raw_data\":\"x\"}", null },
        { "{\"metadata\":{\"uid\":42},\"raw_data\":\"x\"}", null },
        { "{\"metadata\":{\"uid\":{\"value\":\"e-1\"}},\"raw_data\":\"x\"}", null },
        { "{\"metadata\":\"e-1\",\"raw_data\":\"x\"}", null },
        { "[{\"metadata\":{\"uid\":\"e-1\"}}]", null },
        { "\"e-1\"", null },
        { "{\"metadata\":{\"uid\":\"e-1\"},\"raw_data\":\"x\"}  ", "e-1" },
        { "{\"meta\\u0064ata\":{\"u\\u0069d\":\"e\\u002d1\\u00e9\\ud83d\\ude00\"},\"raw_data\":\"{\\\"a\\\":\\\"\\u00e9\\\\n\\\"}\"}", "e-1\u00e9\U0001F600" },
        { "{\"metadata\":{\"uid\":\"e-1\"},\"raw_data\":{\"eventID\":\"e-1\"}}", "e-1" },
        { "{\"metadata\":{\"uid\":\"e-1\"}}", "e-1" },
        { "{\"metadata\":{\"uid\":\"e-1\"},\"metadata\":{\"version\":\"1.8.0\"}}", null },
        { "{\"metadata\":{\"uid\":\"e-1\",\"uid\":\"e-2\"},\"unmapped\":{\"a\":[1]},\"raw_data\":\"x\"}", "e-2" },
        { "{\"metadata\":{\"uid\":\"e-1\"},\"raw_data\":\"x\",\"metadata\":{\"uid\":\"e-2\"},\"unmapped\":{\"a\":[1,2,{\"b\":tru}]}}", "e-1" },
        { "{\"metadata\":{\"uid\":\"e-1\"},\"raw_data\":\"x\"} trailing", "e-1" },
        { "{\"metadata\":{\"uid\":\"e-1\"},\"raw_data\":\"x\"", "e-1" },
        { "{\"raw_data\":7,\"unmapped\":{\"a\":tru},\"metadata\":{\"uid\":\"e-1\"}}", null },
        { "{\"unmapped\":{\"a\":tru},\"metadata\":{\"uid\":\"e-1\"},\"raw_data\":\"x\"}", null },
        { "{\"metadata\":{\"uid\":\"e-\\u00e9\\\"\"},\"raw_data\":\"x\"}", "e-\u00e9\"" },
        { "{\"metadata\":{\"uid\":\"e-1\"},\"unmapped\":{\"a\":tru}}", null },
        { "{\"metadata\":{\"product\":{\"uid\":\"nested\"},\"uid\":\"e-3\",\"labels\":[\"uid\"]},\"cloud\":{\"metadata\":{\"uid\":\"no\"}}}", "e-3" },
        { "{\"cloud\":{\"metadata\":{\"uid\":\"nested only\"}}}", null },
        { "", null },
        { "not json", null },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Reads_the_identity_a_parsed_document_gives(string line, string? expectedUid)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line);

        var read = EventIdentityReader.Read(bytes);

        read?.Uid.Should().Be(expectedUid);
        (read is null).Should().Be(expectedUid is null);
        if (ParsedIdentity(bytes) is { } parsed)
        {
            read!.Uid.Should().Be(parsed.Uid);
            read.RawSha256.Should().Equal(parsed.RawSha256);
        }
    }

    [Theory]
    [InlineData("{\"metadata\":{\"uid\":\"e-1\"},\"raw_data\":\"x\",\"unmapped\":{\"a\":[1,2,{\"b\":tru}]}}", "x")]
    [InlineData("{\"metadata\":{\"uid\":\"e-1\"},\"raw_data\":\"x\"", "x")]
    [InlineData("{\"raw_data\":\"first\",\"metadata\":{\"uid\":\"e-1\"},\"raw_data\":\"second\"}", "first")]
    public void Stops_reading_once_it_has_seen_the_uid_and_the_raw_record(string line, string raw)
    {
        // What follows both members is not read: the writer writes each member once and never a broken line, and verify's
        // Merkle checks cover every byte of the line whatever this reader reads.
        var read = EventIdentityReader.Read(Encoding.UTF8.GetBytes(line));

        read!.Uid.Should().Be("e-1");
        read.RawSha256.Should().Equal(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
    }

    [Fact]
    public void A_uid_that_is_not_valid_utf8_has_no_identity()
    {
        byte[] line = [.. "{\"metadata\":{\"uid\":\"e-"u8, 0xC3, 0x28, .. "\"},\"raw_data\":\"x\"}"u8];

        EventIdentityReader.Read(line).Should().BeNull();
        ParsedIdentityOrThrow(line).Should().BeNull();
    }

    [Fact]
    public void Hashes_the_unescaped_raw_record_or_else_the_whole_line()
    {
        byte[] withRaw = Encoding.UTF8.GetBytes($"{{\"metadata\":{{\"uid\":\"e-1\"}},\"raw_data\":{JsonSerializer.Serialize(Raw)}}}");
        byte[] withoutRaw = Encoding.UTF8.GetBytes("{\"metadata\":{\"uid\":\"e-1\"},\"raw_data\":null}");

        EventIdentityReader.Read(withRaw)!.RawSha256.Should().Equal(SHA256.HashData(Encoding.UTF8.GetBytes(Raw)));
        EventIdentityReader.Read(withoutRaw)!.RawSha256.Should().Equal(SHA256.HashData(withoutRaw));
    }

    [Fact]
    public void Reads_a_huge_deep_event_and_finds_the_uid_after_it()
    {
        string deep = new string('[', 400) + new string(']', 400);
        string big = new('x', 8 * 1024 * 1024);
        byte[] line = Encoding.UTF8.GetBytes($"{{\"unmapped\":{{\"deep\":{deep},\"big\":\"{big}\"}},\"raw_data\":\"{big}\",\"metadata\":{{\"uid\":\"late\"}}}}");

        var read = EventIdentityReader.Read(line);

        read!.Uid.Should().Be("late");
        read.RawSha256.Should().Equal(SHA256.HashData(Encoding.UTF8.GetBytes(big)));
        read.RawSha256.Should().Equal(ParsedIdentity(line)!.RawSha256);
    }

    [Fact]
    public void A_uid_with_a_lone_surrogate_has_no_identity()
    {
        EventIdentityReader.Read("{\"metadata\":{\"uid\":\"e-\\ud800\"}}"u8).Should().BeNull();
    }

    private static EventIdentity? ParsedIdentityOrThrow(byte[] line)
    {
        try
        {
            return ParsedIdentity(line);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static EventIdentity? ParsedIdentity(byte[] line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line, StoredEventJson.Options);
            return EventIdentity.Of(doc.RootElement, line);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
