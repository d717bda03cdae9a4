using System.Text.Json;
using TrailNormalizer.Core.Mapping.Aws;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Tests.Aws;

public class AwsServiceEventTests
{
    [Theory]
    [InlineData("""{"state":"FAILED"}""", OcsfEnums.StatusFailure)]
    [InlineData("""{"status":"TimedOut"}""", OcsfEnums.StatusFailure)]
    [InlineData("""{"result":"SUCCEEDED","state":"FAILED"}""", OcsfEnums.StatusSuccess)] // result is the more specific field
    [InlineData("""{"state":"stopped"}""", 0)]                                            // a state, not an outcome
    [InlineData("""{"State":"failed","ErrorMessage":""}""", OcsfEnums.StatusFailure)]    // EC2 AMI State Change writes State
    [InlineData("""{}""", 0)]
    public void The_outcome_is_what_the_detail_says_and_unknown_otherwise(string detail, int expected)
    {
        using var doc = JsonDocument.Parse(detail);
        AwsServiceOutcome.Of(doc.RootElement).StatusId.Should().Be(expected);
    }

    [Fact]
    public void A_failure_states_the_error_message_the_detail_gives()
    {
        using var doc = JsonDocument.Parse("""{"ImageId":"ami-0123456789abcdef0","State":"failed","ErrorMessage":"Snapshot copy failed"}""");
        AwsServiceOutcome.Of(doc.RootElement).Should().Be((OcsfEnums.StatusFailure, "Snapshot copy failed"));
    }

    [Theory]
    [InlineData("aws.ec2", "ec2.amazonaws.com")]
    [InlineData("aws.access-analyzer", "access-analyzer.amazonaws.com")]
    [InlineData("aws.123456789012", null)]                                  // an account id, not a service
    [InlineData("aws.partner/appflow.test/salesforce.com/1/Custom", null)]  // a partner source
    [InlineData("com.example.orders", null)]
    public void Only_an_AWS_service_source_is_an_event_done_by_that_service(string source, string? service) =>
        (AwsServiceEvents.Find("Some State Change", source)?.Service).Should().Be(service);

    [Theory]
    [InlineData("arn:aws:ec2:eu-west-1:111122223333:instance/i-0a1b2c3d4e5f60718", "AWS::EC2::Instance")]
    [InlineData("arn:aws:iam::111122223333:role/eks-cluster", "AWS::IAM::Role")]
    [InlineData("arn:aws:lambda:eu-west-1:111122223333:function:payments-handler", "AWS::Lambda::Function")]
    [InlineData("arn:aws:rds:eu-west-1:111122223333:db:orders-db", "AWS::RDS::DBInstance")]
    [InlineData("arn:aws:s3:::amzn-s3-demo-bucket", "AWS::S3::Bucket")]
    [InlineData("arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.pdf", "AWS::S3::Object")]
    [InlineData("arn:aws:sns:us-east-1:111122223333:security-alerts", "AWS::SNS::Topic")]
    [InlineData("arn:aws:newservice:us-east-1:111122223333:widget/w-1", "widget")] // not in the table: the ARN's own type
    [InlineData("arn:aws:newservice:us-east-1:111122223333:w-1", null)]
    [InlineData("not-an-arn", null)]
    public void An_ARN_names_its_resource_type(string arn, string? type) => AwsEventWriter.ArnResourceType(arn).Should().Be(type);
}
