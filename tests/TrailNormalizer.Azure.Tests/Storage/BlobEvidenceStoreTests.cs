using System.Text;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Storage;

/// <summary>The Blob evidence store against Azurite (development mode: Azurite has no immutability).</summary>
public sealed class BlobEvidenceStoreTests
{
    private static readonly DateTimeOffset RetainUntil = DateTimeOffset.UtcNow.AddDays(400);
    private readonly List<string> _log = [];

    private BlobEvidenceStore NewStore(string prefix = "", int pageSize = 5000) =>
        new(Azurite.NewContainer(), worm: false, _log.Add, prefix, pageSize);

    [Fact]
    public void A_second_put_of_the_same_key_is_refused_and_the_first_content_stays()
    {
        var store = NewStore();
        store.Put("events/a.ndjson.gz", "first"u8.ToArray(), RetainUntil);

        var second = () => store.Put("events/a.ndjson.gz", "second"u8.ToArray(), RetainUntil);

        second.Should().Throw<EvidenceExistsException>().WithMessage("*events/a.ndjson.gz*");
        ReadText(store, "events/a.ndjson.gz").Should().Be("first");
    }

    [Fact]
    public void Identical_content_written_twice_is_still_refused()
    {
        var store = NewStore();
        store.Put("log/0.json", "{}"u8.ToArray(), RetainUntil);

        var again = () => store.Put("log/0.json", "{}"u8.ToArray(), RetainUntil);

        again.Should().Throw<EvidenceExistsException>();
    }

    [Fact]
    public void Objects_round_trip_through_open_read_exists_and_list()
    {
        var store = NewStore();
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(big);
        store.Put("events/cloud=azure/b.ndjson.gz", big, RetainUntil);
        store.Put("events/cloud=aws/a.manifest.json", "{\"n\":1}"u8.ToArray(), RetainUntil);
        store.Put("quarantine/date=2026-11-24/q.ndjson.gz", "q"u8.ToArray(), RetainUntil);

        using (var stream = store.OpenRead("events/cloud=azure/b.ndjson.gz"))
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            copy.ToArray().Should().Equal(big);
        }

        store.Exists("events/cloud=aws/a.manifest.json").Should().BeTrue();
        store.Exists("events/cloud=aws/missing.json").Should().BeFalse();
        store.List("events/").Should().Equal("events/cloud=aws/a.manifest.json", "events/cloud=azure/b.ndjson.gz");
        store.List("").Should().HaveCount(3);
        store.List("nothing/").Should().BeEmpty();
    }

    [Fact]
    public void Listing_pages_through_many_keys_in_ordinal_order()
    {
        var store = NewStore(pageSize: 3);
        var keys = Enumerable.Range(0, 11).Select(i => $"events/k{(i * 7) % 11:D2}-{(char)('A' + i)}.json").ToList();
        foreach (string key in keys)
        {
            store.Put(key, Encoding.UTF8.GetBytes(key), RetainUntil);
        }

        store.List("events/").Should().Equal(keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_prefix_keeps_the_store_in_its_folder_and_out_of_the_keys()
    {
        var container = Azurite.NewContainer();
        var tenantA = new BlobEvidenceStore(container, worm: false, _log.Add, "tenant-a");
        var tenantB = new BlobEvidenceStore(container, worm: false, _log.Add, "tenant-b/");
        tenantA.Put("events/x.json", "a"u8.ToArray(), RetainUntil);
        tenantB.Put("events/x.json", "b"u8.ToArray(), RetainUntil);

        tenantA.List("").Should().Equal("events/x.json");
        ReadText(tenantB, "events/x.json").Should().Be("b");
        container.GetBlobs().Select(b => b.Name).Should().BeEquivalentTo("tenant-a/events/x.json", "tenant-b/events/x.json");
    }

    [Fact]
    public void Reading_a_missing_object_says_file_not_found()
    {
        var store = NewStore();

        var read = () => store.OpenRead("events/none.json");

        read.Should().Throw<FileNotFoundException>().WithMessage("*events/none.json*");
    }

    [Fact]
    public void Unsafe_keys_are_refused_before_any_request()
    {
        var store = NewStore();

        store.Invoking(s => s.Put("../escape.json", "x"u8.ToArray(), RetainUntil)).Should().Throw<ArgumentException>();
        store.Invoking(s => s.Put("/rooted.json", "x"u8.ToArray(), RetainUntil)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Development_mode_warns_on_every_stored_batch()
    {
        var store = NewStore();

        store.Put("events/one.ndjson.gz", "1"u8.ToArray(), RetainUntil);
        store.Put("events/one.manifest.json", "{}"u8.ToArray(), RetainUntil);
        store.Put("events/two.ndjson.gz", "2"u8.ToArray(), RetainUntil);
        store.Invoking(s => s.Put("events/two.ndjson.gz", "2"u8.ToArray(), RetainUntil)).Should().Throw<EvidenceExistsException>();

        _log.Should().HaveCount(2, "one per stored batch object; a refused put stores nothing").And.AllSatisfy(line => line.Should().Contain(WormCheck.NotWormWarning));
        _log[0].Should().Contain("events/one.ndjson.gz");
        _log[1].Should().Contain("events/two.ndjson.gz");
    }

    private static string ReadText(BlobEvidenceStore store, string key)
    {
        using var reader = new StreamReader(store.OpenRead(key));
        return reader.ReadToEnd();
    }
}
