using TrailNormalizer.Core.Mapping.CloudTrail;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Mapping;

public class CloudTrailCatalogTests
{
    [Fact]
    public void Every_catalog_entry_is_documented_in_the_mapping_table()
    {
        string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "mapping-cloudtrail.md"));

        foreach (var ((source, name), target) in CloudTrailEventCatalog.Entries)
        {
            doc.Should().Contain($"| `{source}` | `{name}` | {target.Class.Uid} {target.Class.Name} |", "docs/mapping-cloudtrail.md must list {0}", name);
        }
    }

    [Fact]
    public void Every_catalog_activity_is_defined_by_its_class_and_Other_carries_a_name()
    {
        foreach (var (_, target) in CloudTrailEventCatalog.Entries)
        {
            target.Class.Activities.Should().ContainKey(target.ActivityId);
            (target.ActivityId == 99).Should().Be(target.OtherName is not null);
        }
    }

    [Theory]
    [InlineData("CreateBucket", null, ApiVerbs.Create)]
    [InlineData("PutObject", null, ApiVerbs.Create)]
    [InlineData("PutBucketPolicy", null, ApiVerbs.Update)]
    [InlineData("DescribeInstances", null, ApiVerbs.Read)]
    [InlineData("BatchGetItem", null, ApiVerbs.Read)]
    [InlineData("TerminateInstances", null, ApiVerbs.Delete)]
    [InlineData("ScheduleKeyDeletion", null, ApiVerbs.Delete)]
    [InlineData("CreateFunction20150331", null, ApiVerbs.Create)]
    [InlineData("InvokeAgentRuntime", true, ApiVerbs.Read)]
    [InlineData("InvokeAgentRuntime", false, ApiVerbs.Other)]
    [InlineData("X", null, ApiVerbs.Other)]
    [InlineData("", null, ApiVerbs.Other)]
    public void Api_activity_follows_the_leading_verb(string operation, bool? readOnly, int expected) =>
        ApiVerbs.ActivityOf(operation, readOnly).Should().Be(expected);

    [Fact]
    public void Class_captions_match_OCSF()
    {
        OcsfClass.ApiActivity.ActivityCaption(3).Should().Be("Update");
        OcsfClass.AccountChange.ActivityCaption(7).Should().Be("Attach Policy");
        OcsfClass.EventLogActivity.ActivityCaption(7).Should().Be("Stop");
        OcsfClass.Authentication.ActivityCaption(1).Should().Be("Logon");
    }
}
