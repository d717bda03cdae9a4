using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Sources;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Aws;

public class SqsAndPointerTests
{
    private static string SqsEvent(params (string Id, string Body)[] messages) =>
        "{\"Records\":[" + string.Join(",", messages.Select(m =>
            $$$"""{"messageId":"{{{m.Id}}}","body":"{{{m.Body}}}","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:eu-west-1:111122223333:q","awsRegion":"eu-west-1","attributes":{"SentTimestamp":"1771056010000"}}""")) + "]}";

    [Fact]
    public void A_plain_text_body_is_the_API_activity_of_sending_the_message_to_the_queue()
    {
        var result = AwsRun.Text(SqsEvent(("m-9", "hello")), new RecordHandlerOptions());

        result.Events.Should().ContainSingle();
        result.Events[0].ClassUid.Should().Be(6003);
        result.Events[0].Uid.Should().Be("m-9");
        result.EventTexts.Single().Should().Contain("\"body\":\"hello\"").And.Contain("\"name\":\"SQS\"")
            .And.Contain("\"operation\":\"SendMessage\"").And.Contain("\"uid\":\"arn:aws:sqs:eu-west-1:111122223333:q\"");
    }

    [Theory]
    [InlineData("logs", "../outside.json")]
    [InlineData("logs", "a/../../outside.json")]
    [InlineData("..", "x.json")]
    [InlineData("logs", "/etc/passwd")]
    public void The_mirror_refuses_names_that_leave_its_folder(string bucket, string key)
    {
        var mirror = new MirrorObjectSource(Path.GetTempPath());

        mirror.Resolve(bucket, key, out string? problem).Should().BeNull();
        problem.Should().NotBeNull();
    }

    [Fact]
    public void A_pointer_message_naming_too_many_objects_is_quarantined()
    {
        string keys = string.Join(",", Enumerable.Range(0, 5).Select(i => $"\"k{i}.json\""));
        var result = AwsRun.Text($$"""{"s3Bucket":"logs","s3ObjectKey":[{{keys}}]}""", new RecordHandlerOptions { MaxObjectsPerPointer = 3 });

        result.Quarantine.Should().ContainSingle().Which.Reason.Should().Contain("more than the limit of 3");
    }
}
