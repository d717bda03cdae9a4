using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Storage;

/// <summary>The start-up WORM check against Azurite, whose containers never have version-level immutability.</summary>
public sealed class WormCheckTests
{
    private readonly List<string> _log = [];

    [Fact]
    public void A_container_without_immutability_is_refused_outside_development_mode_naming_the_container()
    {
        var container = Azurite.NewContainer();

        var check = () => WormCheck.Run(container, development: false, _log.Add);

        check.Should().Throw<StorageConfigurationException>()
            .WithMessage($"*'{container.Name}'*version-level immutability*");
        _log.Should().BeEmpty();
    }

    [Fact]
    public void Opening_the_store_outside_development_mode_fails_the_same_way()
    {
        var container = Azurite.NewContainer();

        var open = () => BlobEvidenceStore.Open(container, development: false, _log.Add);

        open.Should().Throw<StorageConfigurationException>().WithMessage($"*{container.Name}*");
    }

    [Fact]
    public void Development_mode_accepts_it_loudly_and_the_store_warns_on_batches()
    {
        var container = Azurite.NewContainer();

        var store = BlobEvidenceStore.Open(container, development: true, _log.Add);

        store.IsWorm.Should().BeFalse();
        _log.Should().ContainSingle().Which.Should().StartWith("WARNING").And.Contain(container.Name).And.Contain(WormCheck.NotWormWarning);
        store.Put("events/b.ndjson.gz", "x"u8.ToArray(), DateTimeOffset.UtcNow.AddDays(RetentionPolicy.DefaultDays));
        _log.Should().HaveCount(2);
        _log[1].Should().Contain(WormCheck.NotWormWarning).And.Contain("events/b.ndjson.gz");
    }

    [Fact]
    public void A_missing_container_is_a_configuration_error()
    {
        var container = Azurite.Service().GetBlobContainerClient("missing" + Guid.NewGuid().ToString("N")[..8]);

        var check = () => WormCheck.Run(container, development: true, _log.Add);

        check.Should().Throw<StorageConfigurationException>().WithMessage($"*'{container.Name}' does not exist*");
    }
}
