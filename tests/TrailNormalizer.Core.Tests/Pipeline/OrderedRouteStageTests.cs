using System.Globalization;
using System.Text;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Pipeline;

/// <summary>
/// The ordered stage with tiny budgets: a unit <c>"N"</c> routes to N events (unit 50 to 300, more than every budget), workers
/// finish out of order, and the sink must still see every output in submission order.
/// </summary>
public sealed class OrderedRouteStageTests
{
    private const int EventBytes = 200;

    private static readonly EvidencePartition Partition = new("aws", "111122223333", "eu-west-1");

    [Fact]
    public void The_sink_sees_every_output_in_submission_order_whatever_order_the_workers_finish_in()
    {
        var sink = new CollectingSink();
        using (var stage = SmallStage(sink, workers: 4))
        {
            for (int i = 0; i < 400; i++)
            {
                stage.Submit(Unit(i, OutputsOf(i)));
                if (i % 100 == 0)
                {
                    string marker = $"after {i}";
                    stage.Add(s => s.Control("marker", marker));
                }
            }

            stage.Drain();
        }

        var expected = new CollectingSink();
        for (int i = 0; i < 400; i++)
        {
            Route(Unit(i, OutputsOf(i)), expected);
            if (i % 100 == 0)
            {
                expected.Control("marker", $"after {i}");
            }
        }

        sink.Events.Select(e => e.Uid).Should().Equal(expected.Events.Select(e => e.Uid));
        sink.Quarantine.Select(q => q.Source).Should().Equal(expected.Quarantine.Select(q => q.Source));
        sink.Controls.Should().Equal(expected.Controls);
        sink.Events.Should().HaveCountGreaterThan(1_000);
    }

    [Fact]
    public void A_sink_failure_stops_the_stage_and_is_thrown_from_the_next_call_without_reading_on()
    {
        var failure = new IOException("the evidence volume is full");
        var sink = new FailingSink(failAt: 25, failure);
        int submitted = 0;
        using (var stage = SmallStage(sink, workers: 3))
        {
            var feed = () =>
            {
                for (; submitted < 1_000_000; submitted++)
                {
                    stage.Submit(Unit(submitted, 1));
                }
            };

            feed.Should().Throw<IOException>().Which.Should().BeSameAs(failure);
            stage.Invoking(s => s.Drain()).Should().Throw<IOException>().Which.Should().BeSameAs(failure);
        }

        submitted.Should().BeLessThan(25 + 8 + 1, "the reader stops once the places in flight (8) are taken");
        sink.Received.Should().Be(24);
    }

    [Fact]
    public void An_exception_routing_throws_past_the_record_boundary_is_thrown_after_the_outputs_before_it()
    {
        var sink = new CollectingSink();
        using var stage = new OrderedRouteStage(3, into => unit =>
        {
            Route(unit, into);
            if (unit.Location == "unit 7")
            {
                throw new IOException("the object source went away");
            }
        }, sink);

        for (int i = 0; i < 10; i++)
        {
            stage.Submit(Unit(i, 2));
        }

        stage.Invoking(s => s.Drain()).Should().Throw<IOException>().WithMessage("the object source went away");
        sink.Events.Select(e => e.Uid).Should().Equal(Enumerable.Range(0, 8).SelectMany(i => new[] { $"{i}.0", $"{i}.1" }));
    }

    [Fact]
    public async Task Disposing_with_units_in_flight_and_workers_waiting_for_the_budget_returns()
    {
        var stage = SmallStage(new SlowSink(), workers: 4);
        for (int i = 0; i < 8; i++)
        {
            stage.Submit(Unit(i, 60));
        }

        var disposed = Task.Run(stage.Dispose);
        (await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(30)))).Should().BeSameAs(disposed, "disposing must not wait for the units in flight");
        stage.Invoking(s => s.Submit(Unit(9, 1))).Should().Throw<ObjectDisposedException>();
    }

    private static int OutputsOf(int i) => i == 50 ? 300 : i % 8;

    /// <summary>8 places, 2 KB of inputs and of outputs, 1 KB for the unit being replayed: most units wait for the budget.</summary>
    private static OrderedRouteStage SmallStage(IRecordSink sink, int workers) =>
        new(workers, into => unit => Route(unit, into), sink, maxUnits: 8, maxBytes: 2048, headBytes: 1024);

    private static InputUnit Unit(int i, int outputs) =>
        InputUnit.Value(Encoding.UTF8.GetBytes(outputs.ToString(CultureInfo.InvariantCulture)), $"unit {i}");

    /// <summary>The test's "router": N events, every third unit also a quarantine item, with a pause of varying length so workers finish out of order.</summary>
    private static void Route(InputUnit unit, IRecordSink into)
    {
        int outputs = int.Parse(Encoding.UTF8.GetString(unit.Json.Span), CultureInfo.InvariantCulture);
        int i = int.Parse(unit.Location["unit ".Length..], CultureInfo.InvariantCulture);
        Thread.SpinWait((i * 7919 % 13) * 2_000);
        for (int n = 0; n < outputs; n++)
        {
            into.Normalized(new NormalizedEvent(new byte[EventBytes], 3005, 0, Partition, $"{i}.{n}"));
        }

        if (i % 3 == 0)
        {
            into.Quarantined(new QuarantineItem("every third", unit.Location, unit.Json.ToArray())); // routing keeps copies, never the unit's bytes
        }
    }

    private sealed class FailingSink(int failAt, Exception failure) : IRecordSink
    {
        public int Received { get; private set; }

        public void Normalized(NormalizedEvent normalizedEvent)
        {
            if (++Received >= failAt)
            {
                Received--;
                throw failure;
            }
        }

        public void Quarantined(QuarantineItem item)
        {
        }

        public void Control(string kind, string source)
        {
        }
    }

    private sealed class SlowSink : IRecordSink
    {
        public void Normalized(NormalizedEvent normalizedEvent) => Thread.Sleep(1);

        public void Quarantined(QuarantineItem item)
        {
        }

        public void Control(string kind, string source)
        {
        }
    }
}
