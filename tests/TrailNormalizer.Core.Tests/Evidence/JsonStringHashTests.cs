using System.Security.Cryptography;
using System.Text;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Core.Tests.Evidence;

/// <summary>
/// The identity reader hashes <c>raw_data</c> straight from the line when it comes after <c>metadata</c> (as the writer
/// writes it), and through the JSON reader otherwise: both must give the same answer on every string, valid or not.
/// </summary>
public sealed class JsonStringHashTests
{
    public static TheoryData<string> Strings => new()
    {
        "\"\"",
        "\"plain text\"",
        "\"{\\\"eventID\\\":\\\"e-1\\\",\\\"path\\\":\\\"a\\\\\\\\b\\\\/c\\\"}\"",
        "\"\\b\\f\\n\\r\\t\\/\\\\\\\"\"",
        "\"caf\\u00e9 caf\\u00E9 \\u0041\\u0000\"",
        "\"smile \\ud83d\\ude00 and \\uD83D\\uDE00\"",
        "\"\\ud800\"",
        "\"\\ud800x\"",
        "\"\\ud800\\n\"",
        "\"\\ud800\\ud800\"",
        "\"\\udc00\"",
        "\"\\u00g9\"",
        "\"\\u00\"",
        "\"\\x\"",
        "\"unterminated",
        "\"ends in a backslash\\",
        "\"a\tliteral tab\"",
        "\"a\u0001control\"",
        "\"caf\u00e9 as UTF-8 bytes\"",
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void Hashing_straight_from_the_line_answers_what_the_json_reader_answers(string rawData)
    {
        var direct = EventIdentityReader.Read(Encoding.UTF8.GetBytes($"{{\"metadata\":{{\"uid\":\"u\"}},\"raw_data\":{rawData}}}"));
        var viaReader = EventIdentityReader.Read(Encoding.UTF8.GetBytes($"{{\"raw_data\":{rawData},\"metadata\":{{\"uid\":\"u\"}}}}"));

        (direct is null).Should().Be(viaReader is null);
        direct?.RawSha256.Should().Equal(viaReader!.RawSha256);
    }

    [Fact]
    public void Decodes_escapes_to_the_text_they_stand_for()
    {
        string text = "{\"a\":\"caf\u00e9 \U0001F600\\n\"}\t/";
        string line = $"{{\"metadata\":{{\"uid\":\"u\"}},\"raw_data\":{System.Text.Json.JsonSerializer.Serialize(text)}}}";

        EventIdentityReader.Read(Encoding.UTF8.GetBytes(line))!.RawSha256.Should().Equal(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void A_huge_escaped_raw_record_is_hashed_whole()
    {
        string text = string.Concat(Enumerable.Repeat("{\"k\":\"v\\\\w\"},", 200_000));
        string line = $"{{\"metadata\":{{\"uid\":\"u\"}},\"raw_data\":{System.Text.Json.JsonSerializer.Serialize(text)},\"unmapped\":{{}}}}";

        EventIdentityReader.Read(Encoding.UTF8.GetBytes(line))!.RawSha256.Should().Equal(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
