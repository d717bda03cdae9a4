using System.Text;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Aws.Tests.Support;

namespace TrailNormalizer.Aws.Tests.Runtime;

public sealed class LambdaLoopTests : IDisposable
{
    private readonly FakeRuntimeApi _api = new();
    private readonly LambdaRuntimeClient _client;
    private readonly MemoryStream _logs = new();
    private readonly CancellationTokenSource _stop = new();

    public LambdaLoopTests()
    {
        _client = new LambdaRuntimeClient(LambdaRuntimeClient.ParseAddress(_api.Address));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _client.Dispose();
        _api.Dispose();
        _stop.Dispose();
    }

    private Task<int> Run(IInvocationHandler handler) =>
        Task.Run(() => new LambdaLoop(_client, handler, new JsonLog(_logs, TimeProvider.System), TimeProvider.System).RunAsync(_stop.Token));

    private string Logs => Encoding.UTF8.GetString(_logs.ToArray());

    [Fact]
    public async Task A_handler_that_throws_fails_its_invocation_and_the_loop_serves_the_next()
    {
        var handler = new ScriptedHandler(payload => payload == "boom" ? throw new IOException("storage down") : "ok:" + payload);
        var loop = Run(handler);

        var first = await _api.Invoke("r1", "boom"u8.ToArray());
        var second = await _api.Invoke("r2", "fine"u8.ToArray());

        first.Kind.Should().Be("error");
        first.ErrorType.Should().Be("IOException");
        first.Text.Should().Contain("storage down");
        second.Kind.Should().Be("response");
        second.Text.Should().Be("ok:fine");
        loop.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task The_handler_gets_the_deadline_minus_the_safety_margin()
    {
        var handler = new ScriptedHandler(_ => "ok");
        _ = Run(handler);

        await _api.Invoke("r1", "x"u8.ToArray(), TimeSpan.FromMinutes(10));

        var context = handler.Contexts.Single();
        context.RequestId.Should().Be("r1");
        context.Deadline.Should().BeCloseTo(DateTimeOffset.UtcNow.AddMinutes(10).AddSeconds(-2), TimeSpan.FromMinutes(1));
        context.Cancellation.CanBeCanceled.Should().BeTrue();
    }

    [Fact]
    public async Task A_deadline_already_inside_the_margin_cancels_the_handler_token_at_once()
    {
        var handler = new ScriptedHandler(_ => "ok");
        _ = Run(handler);

        await _api.Invoke("r1", "x"u8.ToArray(), TimeSpan.FromSeconds(1));

        handler.Cancelled.Single().Should().BeTrue();
    }

    [Fact]
    public async Task Each_invocation_logs_one_json_line_with_ids_and_counts_but_not_the_payload()
    {
        var handler = new ScriptedHandler(_ => "ok");
        _ = Run(handler);

        await _api.Invoke("r1", "secret-event-content"u8.ToArray());
        await Task.Run(async () =>
        {
            while (!Logs.Contains("invocation done", StringComparison.Ordinal))
            {
                await Task.Delay(10);
            }
        });

        string line = Logs.Split('\n').Single(l => l.Contains("invocation done", StringComparison.Ordinal));
        line.Should().Contain("\"requestId\":\"r1\"").And.Contain("\"handled\":1").And.Contain("\"durationMs\":");
        Logs.Should().NotContain("secret-event-content");
    }

    [Fact]
    public async Task An_oversized_payload_is_answered_with_an_error_without_reaching_the_handler()
    {
        var handler = new ScriptedHandler(_ => "ok");
        _ = Run(handler);

        var refused = await _api.Invoke("big", new byte[LambdaRuntimeClient.MaxPayloadBytes + 1]);
        var next = await _api.Invoke("small", "x"u8.ToArray());

        refused.Kind.Should().Be("error");
        refused.ErrorType.Should().Be("Runtime.PayloadTooLarge");
        next.Kind.Should().Be("response");
        handler.Contexts.Select(c => c.RequestId).Should().Equal("small");
    }

    [Fact]
    public async Task The_loop_ends_with_a_failure_code_when_the_runtime_API_is_gone()
    {
        var loop = Run(new ScriptedHandler(_ => "ok"));
        await _api.FirstNext;

        _api.Dispose();

        (await loop).Should().Be(1);
    }

    private sealed class ScriptedHandler(Func<string, string> script) : IInvocationHandler
    {
        public List<InvocationContext> Contexts { get; } = [];

        public List<bool> Cancelled { get; } = [];

        public HandlerResult Handle(ReadOnlyMemory<byte> payload, InvocationContext context)
        {
            Contexts.Add(context);
            Cancelled.Add(context.Cancellation.IsCancellationRequested);
            string answer = script(Encoding.UTF8.GetString(payload.Span));
            return new HandlerResult(Encoding.UTF8.GetBytes(answer), [new("handled", 1)]);
        }
    }
}
