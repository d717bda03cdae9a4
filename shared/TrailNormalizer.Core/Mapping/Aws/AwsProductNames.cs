namespace TrailNormalizer.Core.Mapping.Aws;

/// <summary>
/// The product an AWS service's events name in <c>metadata.product.name</c>, from the short name its event sources use
/// (<c>aws.codecommit</c> on EventBridge, <c>aws:dynamodb</c> in Lambda event records): the name AWS gives the service
/// without its "Amazon"/"AWS" prefix ("CodeCommit", "DynamoDB", "Auto Scaling").
/// </summary>
internal static class AwsProductNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["access-analyzer"] = "IAM Access Analyzer", ["acm"] = "Certificate Manager", ["apigateway"] = "API Gateway",
        ["athena"] = "Athena", ["autoscaling"] = "Auto Scaling", ["backup"] = "Backup", ["batch"] = "Batch",
        ["cloudformation"] = "CloudFormation", ["cloudfront"] = "CloudFront", ["cloudtrail"] = "CloudTrail", ["cloudwatch"] = "CloudWatch",
        ["codebuild"] = "CodeBuild", ["codecommit"] = "CodeCommit", ["codedeploy"] = "CodeDeploy", ["codepipeline"] = "CodePipeline",
        ["config"] = "Config", ["controltower"] = "Control Tower", ["dlm"] = "Data Lifecycle Manager", ["dms"] = "Database Migration Service",
        ["dynamodb"] = "DynamoDB", ["ebs"] = "EBS", ["ec2"] = "EC2", ["ec2fleet"] = "EC2 Fleet", ["ec2spotfleet"] = "EC2 Spot Fleet",
        ["ecr"] = "ECR", ["ecs"] = "ECS", ["eks"] = "EKS", ["elasticache"] = "ElastiCache", ["elasticloadbalancing"] = "Elastic Load Balancing",
        ["emr"] = "EMR", ["events"] = "EventBridge", ["firehose"] = "Firehose", ["gamelift"] = "GameLift", ["glue"] = "Glue",
        ["guardduty"] = "GuardDuty", ["health"] = "Health", ["iam"] = "IAM", ["inspector"] = "Inspector", ["inspector2"] = "Inspector",
        ["kinesis"] = "Kinesis", ["kms"] = "KMS", ["lambda"] = "Lambda", ["macie"] = "Macie", ["macie2"] = "Macie",
        ["opsworks"] = "OpsWorks", ["organizations"] = "Organizations", ["rbin"] = "Recycle Bin", ["rds"] = "RDS", ["redshift"] = "Redshift",
        ["route53"] = "Route 53", ["s3"] = "S3", ["sagemaker"] = "SageMaker", ["secretsmanager"] = "Secrets Manager",
        ["securityhub"] = "Security Hub", ["ses"] = "SES", ["signin"] = "Sign-In", ["sms"] = "Server Migration Service", ["sns"] = "SNS",
        ["sqs"] = "SQS", ["ssm"] = "Systems Manager", ["states"] = "Step Functions", ["sts"] = "STS", ["tag"] = "Tag Editor",
        ["transfer"] = "Transfer Family", ["trustedadvisor"] = "Trusted Advisor", ["waf"] = "WAF", ["wafv2"] = "WAF",
    };

    /// <summary>The product name of <paramref name="service"/> (its short name, or a host such as <c>ec2.amazonaws.com</c>); a service
    /// not in the table keeps the short name its source gives it, so the producer is still named as AWS named it.</summary>
    public static string Of(string service)
    {
        string name = service.Split('.')[0];
        return name.Length == 0 ? "AWS" : Names.TryGetValue(name, out var product) ? product : name;
    }
}
