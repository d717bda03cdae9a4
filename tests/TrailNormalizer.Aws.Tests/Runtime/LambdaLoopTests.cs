using System.Text;
using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Aws.Storage;
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

    private Task<int> RunWhileStarting(Task<IInvocationHandler> starting) =>
        Task.Run(() => new LambdaLoop(_client, starting, new JsonLog(_logs, TimeProvider.System), TimeProvider.System).RunAsync(_stop.Token));

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

    [Fact]
    public async Task No_invocation_reaches_the_handler_before_its_start_up_has_passed()
    {
        var starting = new TaskCompletionSource<IInvocationHandler>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler(_ => "ok");
        _ = RunWhileStarting(starting.Task);

        var answer = _api.Invoke("r1", "x"u8.ToArray());
        await _api.FirstNext;
        await Task.Delay(300); // the loop has the invocation in hand and waits for the start-up

        answer.IsCompleted.Should().BeFalse();
        handler.Contexts.Should().BeEmpty();
        starting.SetResult(handler);
        (await answer).Text.Should().Be("ok");
        handler.Contexts.Select(c => c.RequestId).Should().Equal("r1");
    }

    [Fact]
    public async Task A_failed_start_up_answers_the_invocation_in_hand_with_its_reason_and_ends_the_loop()
    {
        var starting = new TaskCompletionSource<IInvocationHandler>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler(_ => "ok");
        var loop = RunWhileStarting(starting.Task);
        var answer = _api.Invoke("r1", "x"u8.ToArray());
        await _api.FirstNext;
        await Task.Delay(300); // the loop has the invocation in hand and waits for the start-up

        starting.SetException(new StorageConfigurationException("evidence bucket 'b' refused: Object Lock is not enabled"));

        var error = await answer;
        error.Kind.Should().Be("error");
        error.ErrorType.Should().Be(Bootstrap.ConfigurationErrorType);
        error.Text.Should().Contain("Object Lock is not enabled");
        (await loop.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(1);
        handler.Contexts.Should().BeEmpty();
        Logs.Should().Contain("\"message\":\"init failed\"").And.Contain(Bootstrap.ConfigurationErrorType);
    }

    [Fact]
    public async Task A_start_up_that_fails_while_no_event_is_waiting_ends_the_loop_at_once()
    {
        var starting = new TaskCompletionSource<IInvocationHandler>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = RunWhileStarting(starting.Task);
        await _api.FirstNext;

        starting.SetException(new StorageConfigurationException("evidence bucket 'b' refused: Object Lock is not enabled"));

        (await loop.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(1);
        _api.NextCalls.Should().Be(1);
        Logs.Should().Contain("\"message\":\"init failed\"").And.Contain("Object Lock is not enabled");
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
