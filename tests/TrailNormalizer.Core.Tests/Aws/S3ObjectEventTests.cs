using TrailNormalizer.Core.Mapping.Aws.S3;

namespace TrailNormalizer.Core.Tests.Aws;

public class S3ObjectEventTests
{
    [Theory]
    [InlineData("ObjectCreated:Put", 1)]
    [InlineData("ObjectRemoved:DeleteMarkerCreated", 1)]
    [InlineData("Replication:OperationReplicatedAfterThreshold", 1)]
    [InlineData("Replication:OperationFailedReplication", 2)]
    [InlineData("s3:ReducedRedundancyLostObject", 2)]
    [InlineData("ReducedRedundancyLostObject", 2)]
    [InlineData("Replication:OperationMissedThreshold", 99)]
    [InlineData("Replication:OperationNotTracked", 99)]
    public void An_S3_event_that_reports_a_failure_or_loss_never_reads_as_success(string eventName, int statusId) =>
        S3ObjectEvent.OutcomeOf(eventName, null).StatusId.Should().Be(statusId);

    [Fact]
    public void A_failed_replication_states_its_reason() =>
        S3ObjectEvent.OutcomeOf("Replication:OperationFailedReplication", "AssumeRoleNotPermitted").Detail.Should().Be("AssumeRoleNotPermitted");
}
