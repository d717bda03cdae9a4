using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Tests.Ocsf;

/// <summary>What is reused per thread (event buffers, recent strings) never leaks one event's bytes or values into another.</summary>
public class ReusedBufferTests
{
    [Fact]
    public void Events_written_one_after_another_hold_only_their_own_bytes()
    {
        string first = Write(w => w.WriteString("message", new string('x', 10_000)));
        string second = Write(w => w.WriteNumber("n", 1));

        first.Should().HaveLength(10_000 + """{"message":""}""".Length);
        second.Should().Be("""{"n":1}""");
    }

    [Fact]
    public void An_event_written_while_another_is_open_on_the_same_thread_gets_its_own_buffer()
    {
        using var outer = new OcsfEventBuffer();
        outer.Writer.WriteStartObject();
        outer.Writer.WriteString("outer", "a");

        string inner = Write(w => w.WriteString("inner", "b"));

        outer.Writer.WriteEndObject();
        var ev = outer.Finish(0, 0, default, "u");
        Encoding.UTF8.GetString(ev.Json).Should().Be("""{"outer":"a"}""");
        inner.Should().Be("""{"inner":"b"}""");
    }

    [Fact]
    public void An_event_abandoned_half_written_leaves_nothing_for_the_next()
    {
        var abandoned = () => OcsfEventBuffer.Write(0, 0, "u", default, w =>
        {
            w.WriteStartObject("half");
            throw new InvalidOperationException("mapping failed");
        });
        abandoned.Should().Throw<InvalidOperationException>();

        Write(w => w.WriteString("next", "ok")).Should().Be("""{"next":"ok"}""");
    }

    [Fact]
    public void Threads_write_events_at_once_without_mixing_them()
    {
        var results = new string[8][];
        Parallel.For(0, results.Length, t =>
            results[t] = [.. Enumerable.Range(0, 500).Select(i => Write(w => w.WriteString("id", $"{t}-{i}")))]);

        for (int t = 0; t < results.Length; t++)
        {
            results[t].Should().Equal(Enumerable.Range(0, 500).Select(i => $$"""{"id":"{{t}}-{{i}}"}"""));
        }
    }

    [Fact]
    public void Repeated_short_values_read_as_the_same_string_and_different_values_never_mix()
    {
        using var doc = JsonDocument.Parse("""
            [{"eventSource":"iam.amazonaws.com"},{"eventSource":"iam.amazonaws.com"},{"eventSource":"sts.amazonaws.com"},
             {"eventSource":"caf\u00e9 \"q\""},{"eventSource":"\ud800"},{"eventSource":5}]
            """);
        var values = doc.RootElement.EnumerateArray().Select(e => e.Str("eventSource")).ToArray();

        values.Should().Equal("iam.amazonaws.com", "iam.amazonaws.com", "sts.amazonaws.com", "café \"q\"", null, null);
        values[1].Should().BeSameAs(values[0]);
        Enumerable.Range(0, 5000).Select(i => Read($"v{i}")).Should().Equal(Enumerable.Range(0, 5000).Select(i => $"v{i}"), "values colliding in a slot replace each other");
    }

    private static string? Read(string value)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(value));
        return doc.RootElement.SafeString();
    }

    private static string Write(Action<Utf8JsonWriter> body) => Encoding.UTF8.GetString(OcsfEventBuffer.Write(0, 0, "u", default, body).Json);
}
