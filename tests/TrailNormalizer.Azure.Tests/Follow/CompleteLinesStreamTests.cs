using System.Text;
using TrailNormalizer.Azure.Functions;

namespace TrailNormalizer.Azure.Tests.Follow;

public sealed class CompleteLinesStreamTests
{
    private static (string Text, CompleteLinesStream Stream) ReadAll(string input, bool releaseTail, int maxLineBytes = 1 << 20)
    {
        var stream = new CompleteLinesStream(new MemoryStream(Encoding.UTF8.GetBytes(input)), releaseTail, maxLineBytes);
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        return (reader.ReadToEnd(), stream);
    }

    [Theory]
    [InlineData("a\nb\nhalf", false, "a\nb\n", 4)]
    [InlineData("a\nb\nhalf", true, "a\nb\nhalf", 0)]
    [InlineData("a\nb\n", false, "a\nb\n", 0)]
    [InlineData("no newline yet", false, "", 14)]
    [InlineData("", false, "", 0)]
    public void Passes_complete_lines_and_holds_back_an_unfinished_one(string input, bool releaseTail, string expected, int heldBack)
    {
        var (text, stream) = ReadAll(input, releaseTail);

        text.Should().Be(expected);
        stream.Released.Should().Be(Encoding.UTF8.GetByteCount(expected));
        stream.HeldBack.Should().Be(heldBack);
        stream.AtEnd.Should().BeTrue();
    }

    [Fact]
    public void Lines_spanning_many_chunks_pass_whole()
    {
        string big = string.Concat(Enumerable.Range(0, 5000).Select(i => $"{{\"line\":{i},\"pad\":\"{new string('x', 50)}\"}}\n"));

        var (text, _) = ReadAll(big + "{\"partial\":", releaseTail: false);

        text.Should().Be(big);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_released_so_memory_stays_bounded()
    {
        string huge = new('x', 300_000);

        var (text, stream) = ReadAll(huge, releaseTail: false, maxLineBytes: 100_000);

        text.Length.Should().BeGreaterThan(100_000).And.BeLessThanOrEqualTo(300_000);
        stream.Released.Should().Be(text.Length);
    }
}
