using TrailNormalizer.Aws.FollowUps;
using TrailNormalizer.Aws.Runtime;

namespace TrailNormalizer.Aws.Tests.FollowUps;

public sealed class SealWithFollowUpsTests : IDisposable
{
    private static readonly InvocationContext Context = new("req", DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
    private readonly MemoryStream _log = new();

    public void Dispose() => _log.Dispose();

    [Fact]
    public void Steps_run_after_the_seal_and_their_counts_join_the_seals()
    {
        var handler = new SealWithFollowUps(new Seal(), [("witness", new Step("witnessed", 2)), ("findings", new Step("findingsPublished", 3))], Log());

        var result = handler.Handle("{}"u8.ToArray(), Context);

        result.Counts.Select(c => $"{c.Key}={c.Value}").Should().Equal("appended=1", "witnessed=2", "findingsPublished=3");
        result.Response.Should().Equal("{\"sequence\":0}"u8.ToArray());
    }

    [Fact]
    public void A_failed_step_does_not_hold_back_the_next_and_fails_the_invocation_afterwards()
    {
        var findings = new Step("findingsPublished", 1);
        var handler = new SealWithFollowUps(new Seal(), [("witness", new Step("witnessed", 0, fail: true)), ("findings", findings)], Log());

        var run = () => handler.Handle("{}"u8.ToArray(), Context);

        run.Should().Throw<SealFollowUpException>().WithMessage("sealed, but witness failed*");
        findings.Runs.Should().Be(1);
        System.Text.Encoding.UTF8.GetString(_log.ToArray()).Should().Contain("\"step\":\"witness\"").And.Contain("bucket unreachable");
    }

    [Fact]
    public void A_failed_seal_runs_no_step()
    {
        var witness = new Step("witnessed", 1);
        var handler = new SealWithFollowUps(new Seal(fail: true), [("witness", witness)], Log());

        var run = () => handler.Handle("{}"u8.ToArray(), Context);

        run.Should().Throw<IOException>();
        witness.Runs.Should().Be(0);
    }

    private JsonLog Log() => new(_log, TimeProvider.System);

    private sealed class Seal(bool fail = false) : IInvocationHandler
    {
        public HandlerResult Handle(ReadOnlyMemory<byte> payload, InvocationContext context) =>
            fail ? throw new IOException("storage down") : new HandlerResult("{\"sequence\":0}"u8.ToArray(), [new("appended", 1)]);
    }

    private sealed class Step(string name, long value, bool fail = false) : ISealFollowUp
    {
        public int Runs { get; private set; }

        public IReadOnlyList<KeyValuePair<string, long>> Run()
        {
            Runs++;
            return fail ? throw new IOException("bucket unreachable") : [new(name, value)];
        }
    }
}
