using TrailNormalizer.Core.Mapping.Azure.EventGrid;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Azure.EventGrid;

public class EventGridCatalogTests
{
    [Fact]
    public void Every_catalog_entry_is_documented_in_the_mapping_table()
    {
        string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "mapping-eventgrid.md"));

        foreach (var (type, target) in EventGridEventCatalog.Entries)
        {
            doc.Should().Contain($"| `{type}` | {target.Class.Uid} {target.Class.Name} |", "docs/mapping-eventgrid.md must list {0}", type);
        }
    }

    [Fact]
    public void Every_catalog_activity_is_defined_by_its_class()
    {
        foreach (var (_, target) in EventGridEventCatalog.Entries)
        {
            target.Class.Activities.Should().ContainKey(target.ActivityId);
        }
    }

    [Theory]
    [InlineData("Microsoft.Resources.ResourceWriteSuccess", 3, OcsfEnums.StatusSuccess)]
    [InlineData("Microsoft.Resources.ResourceWriteFailure", 3, OcsfEnums.StatusFailure)]
    [InlineData("Microsoft.Resources.ResourceWriteCancel", 3, 99)]
    [InlineData("Microsoft.Resources.ResourceDeleteSuccess", 4, OcsfEnums.StatusSuccess)]
    [InlineData("Microsoft.Resources.ResourceDeleteFailure", 4, OcsfEnums.StatusFailure)]
    [InlineData("Microsoft.Resources.ResourceActionCancel", 99, 99)]
    public void Resource_event_types_map_verb_to_activity_and_outcome_to_status(string type, int activity, int status)
    {
        var resource = ResourceEvent.Parse(type);

        resource.Should().NotBeNull();
        resource!.ActivityId.Should().Be(activity);
        resource.StatusId.Should().Be(status);
        EventGridEventCatalog.Find(type).Family.Should().Be(EventGridFamily.Resources);
    }

    [Theory]
    [InlineData("Microsoft.Resources.ResourceReadSuccess")]
    [InlineData("Contoso.Items.ItemReceived")]
    [InlineData("")]
    public void Unlisted_types_are_Base_Event_Other(string type)
    {
        var target = EventGridEventCatalog.Find(type);

        target.Family.Should().Be(EventGridFamily.Generic);
        target.Class.Should().Be(OcsfClass.BaseEvent);
        target.ActivityId.Should().Be(99);
    }

    [Theory]
    [InlineData("/subscriptions/00000000-0000-0000-0000-00000000000A/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv", "00000000-0000-0000-0000-00000000000a", "g", "Microsoft.KeyVault/vaults", "kv")]
    [InlineData("/subscriptions/{subscription-id}/resourceGroups/g", null, "g", null, "g")]
    [InlineData("/tenants/t/providers/Microsoft.Management/managementGroups/mg", null, null, "Microsoft.Management/managementGroups", "mg")]
    public void ARM_ids_are_parsed_and_only_GUID_subscriptions_count(string id, string? subscription, string? group, string? type, string? name)
    {
        var scope = ArmScope.Parse(id)!;

        scope.SubscriptionId.Should().Be(subscription);
        scope.ResourceGroup.Should().Be(group);
        scope.ResourceType.Should().Be(type);
        scope.Name.Should().Be(name);
    }
}
