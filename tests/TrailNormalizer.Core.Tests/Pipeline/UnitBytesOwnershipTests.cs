using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Pipeline;

/// <summary>
/// Who owns a unit's bytes: the transient reader lends its window until the next unit; the ordered stage copies each unit
/// into a rented buffer on submit and its worker returns that buffer once routing ends. Reusing either afterwards must not
/// change an event, a quarantine item or the order of a parallel run.
/// </summary>
public sealed class UnitBytesOwnershipTests
{
    private static readonly string[] Records =
    [
        CloudTrailRecord(1, "ec2.amazonaws.com", "DescribeInstances"),
        """{"hello":"world","note":"no known shape: quarantined with its bytes"}""",
        CloudTrailRecord(2, "iam.amazonaws.com", "CreateAccessKey"),
        """{"eventSource":"s3.amazonaws.com","eventName":""",
        "42",
        CloudTrailRecord(3, "sts.amazonaws.com", "AssumeRole"),
    ];

    [Fact]
    public void The_stage_routes_a_copy_of_each_unit_and_returns_it_once_so_scribbling_over_either_changes_no_output()
    {
        var pool = new ScribblingPool();
        var sink = new CollectingSink();
        byte[] lent = new byte[4096];
        int submitted = 0;
        using (var stage = new OrderedRouteStage(2, into => unit => Router().Route(unit, into), sink, maxUnits: 8, inputPool: pool))
        {
            foreach (var (record, location) in Inputs(200))
            {
                int length = Encoding.UTF8.GetBytes(record, lent);
                stage.Submit(InputUnit.Value(lent.AsMemory(0, length), location));
                lent.AsSpan().Fill((byte)'#'); // the caller's bytes change as soon as Submit returns, as a reader's window does
                submitted++;
            }

            stage.Drain();
        }

        var expected = new CollectingSink();
        foreach (var (record, location) in Inputs(200))
        {
            Router().Route(InputUnit.Value(Encoding.UTF8.GetBytes(record), location), expected);
        }

        Same(sink, expected);
        sink.Events.Should().HaveCount(100);
        sink.Quarantine.Should().HaveCount(100);
        pool.Returned.Should().Be(submitted, "every copy goes back to the pool once routing its unit ended");
        pool.DoubleReturns.Should().Be(0);
        pool.Outstanding.Should().Be(0);
    }

    [Fact]
    public void Units_read_transiently_and_routed_as_read_give_what_owned_units_give()
    {
        var text = new StringBuilder();
        foreach (var (record, _) in Inputs(60))
        {
            text.Append(record).Append('\n');
        }

        byte[] input = Encoding.UTF8.GetBytes(text.ToString());
        var transient = new CollectingSink();
        NormalizationPipeline.ProcessStream(new TrickleStream(new MemoryStream(input), 97), "in.ndjson", true, Router(), transient, InputLimits.Default);

        var owned = new CollectingSink();
        var units = JsonUnitReader.Read(new TrickleStream(new MemoryStream(input), 97), "in.ndjson", InputLimits.Default, true).ToList();
        foreach (var unit in units)
        {
            Router().Route(unit, owned);
        }

        Same(transient, owned);
        transient.Events.Should().HaveCount(30);
        transient.Quarantine.Should().HaveCount(30);
    }

    [Fact]
    public void A_transient_unit_is_the_readers_window_and_changes_once_the_next_unit_is_read()
    {
        byte[] input = Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\":2}\n");
        using var units = JsonUnitReader.ReadTransient(new TrickleStream(new MemoryStream(input), 4), "in.ndjson", InputLimits.Default, true).GetEnumerator();

        units.MoveNext().Should().BeTrue();
        var first = units.Current.Json;
        Encoding.UTF8.GetString(first.Span).Should().Be("{\"a\":1}");
        units.MoveNext().Should().BeTrue();
        Encoding.UTF8.GetString(units.Current.Json.Span).Should().Be("{\"b\":2}");
        Encoding.UTF8.GetString(first.Span).Should().NotBe("{\"a\":1}", "the window moved on: a caller keeping a unit must copy it");
    }

    private static RecordRouter Router() => new(InputLimits.Default, FixedTime.Default);

    private static IEnumerable<(string Record, string Location)> Inputs(int count) =>
        Enumerable.Range(0, count).Select(i => (Records[i % Records.Length], $"unit {i}"));

    private static void Same(CollectingSink actual, CollectingSink expected)
    {
        actual.Events.Select(e => Convert.ToHexString(e.Json)).Should().Equal(expected.Events.Select(e => Convert.ToHexString(e.Json)));
        actual.Quarantine.Select(q => (q.Reason, q.Source, Convert.ToHexString(q.Raw.Span)))
            .Should().Equal(expected.Quarantine.Select(q => (q.Reason, q.Source, Convert.ToHexString(q.Raw.Span))));
        actual.Controls.Should().Equal(expected.Controls);
    }

    private static string CloudTrailRecord(int n, string source, string name) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE{{n}}","arn":"arn:aws:iam::111122223333:user/alice-{{n}}","accountId":"111122223333","userName":"alice-{{n}}"},"eventTime":"2026-03-14T08:0{{n}}:00Z","eventSource":"{{source}}","eventName":"{{name}}","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.{{n}}","userAgent":"aws-cli/2.15.{{n}}","requestParameters":{"instanceId":"i-0abc{{n}}"},"responseElements":null,"requestID":"req-{{n}}","eventID":"ev-{{n}}","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333","tlsDetails":{"tlsVersion":"TLSv1.3"},"managementEvent":true}
        """);

    /// <summary>Rents new arrays and, when one comes back, fills it with '#' (as its next renter would overwrite it).</summary>
    private sealed class ScribblingPool : ArrayPool<byte>
    {
        private readonly ConcurrentDictionary<byte[], bool> _out = new(ReferenceEqualityComparer.Instance);
        private int _returned;
        private int _doubleReturns;

        public int Returned => _returned;

        public int DoubleReturns => _doubleReturns;

        public int Outstanding => _out.Count;

        public override byte[] Rent(int minimumLength)
        {
            var array = new byte[minimumLength + 16];
            _out[array] = true;
            return array;
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            if (!_out.TryRemove(array, out _))
            {
                Interlocked.Increment(ref _doubleReturns);
                return;
            }

            array.AsSpan().Fill((byte)'#');
            Interlocked.Increment(ref _returned);
        }
    }
}
