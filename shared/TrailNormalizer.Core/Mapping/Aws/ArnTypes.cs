namespace TrailNormalizer.Core.Mapping.Aws;

/// <summary>
/// The CloudFormation-style type (<c>AWS::EC2::Instance</c>) of the resource an ARN names, from the ARN's service and
/// resource-type segment (<c>arn:aws:ec2:…:instance/i-1</c>, <c>arn:aws:lambda:…:function:name</c>), and for the services
/// whose ARNs have no type segment (S3 buckets, SNS topics, SQS queues, CodeCommit repositories) from the service alone.
/// </summary>
internal static class ArnTypes
{
    private static readonly Dictionary<string, string> ByServiceAndType = new(StringComparer.Ordinal)
    {
        ["ec2:instance"] = "AWS::EC2::Instance", ["ec2:volume"] = "AWS::EC2::Volume", ["ec2:snapshot"] = "AWS::EC2::Snapshot",
        ["ec2:security-group"] = "AWS::EC2::SecurityGroup", ["ec2:image"] = "AWS::EC2::Image", ["ec2:vpc"] = "AWS::EC2::VPC",
        ["ec2:subnet"] = "AWS::EC2::Subnet", ["ec2:network-interface"] = "AWS::EC2::NetworkInterface", ["ec2:key-pair"] = "AWS::EC2::KeyPair",
        ["ec2:launch-template"] = "AWS::EC2::LaunchTemplate", ["ec2:internet-gateway"] = "AWS::EC2::InternetGateway",
        ["iam:user"] = "AWS::IAM::User", ["iam:role"] = "AWS::IAM::Role", ["iam:group"] = "AWS::IAM::Group",
        ["iam:policy"] = "AWS::IAM::ManagedPolicy", ["iam:instance-profile"] = "AWS::IAM::InstanceProfile", ["iam:mfa"] = "AWS::IAM::VirtualMFADevice",
        ["iam:saml-provider"] = "AWS::IAM::SAMLProvider", ["iam:oidc-provider"] = "AWS::IAM::OIDCProvider",
        ["iam:server-certificate"] = "AWS::IAM::ServerCertificate", ["sts:assumed-role"] = "AWS::STS::AssumedRole",
        ["kms:key"] = "AWS::KMS::Key", ["kms:alias"] = "AWS::KMS::Alias", ["lambda:function"] = "AWS::Lambda::Function",
        ["lambda:layer"] = "AWS::Lambda::LayerVersion", ["rds:db"] = "AWS::RDS::DBInstance", ["rds:cluster"] = "AWS::RDS::DBCluster",
        ["rds:snapshot"] = "AWS::RDS::DBSnapshot", ["rds:cluster-snapshot"] = "AWS::RDS::DBClusterSnapshot",
        ["secretsmanager:secret"] = "AWS::SecretsManager::Secret", ["ssm:parameter"] = "AWS::SSM::Parameter", ["ssm:document"] = "AWS::SSM::Document",
        ["ssm:managed-instance"] = "AWS::SSM::ManagedInstance", ["ssm:maintenancewindow"] = "AWS::SSM::MaintenanceWindow",
        ["cloudtrail:trail"] = "AWS::CloudTrail::Trail", ["cloudtrail:eventdatastore"] = "AWS::CloudTrail::EventDataStore",
        ["organizations:account"] = "AWS::Organizations::Account", ["organizations:policy"] = "AWS::Organizations::Policy",
        ["organizations:ou"] = "AWS::Organizations::OrganizationalUnit", ["organizations:organization"] = "AWS::Organizations::Organization",
        ["eks:cluster"] = "AWS::EKS::Cluster", ["eks:nodegroup"] = "AWS::EKS::Nodegroup", ["eks:fargateprofile"] = "AWS::EKS::FargateProfile",
        ["eks:addon"] = "AWS::EKS::Addon", ["ecr:repository"] = "AWS::ECR::Repository", ["ecs:cluster"] = "AWS::ECS::Cluster",
        ["ecs:service"] = "AWS::ECS::Service", ["ecs:task"] = "AWS::ECS::Task", ["ecs:task-definition"] = "AWS::ECS::TaskDefinition",
        ["logs:log-group"] = "AWS::Logs::LogGroup", ["events:rule"] = "AWS::Events::Rule", ["events:event-bus"] = "AWS::Events::EventBus",
        ["states:stateMachine"] = "AWS::StepFunctions::StateMachine", ["states:execution"] = "AWS::StepFunctions::Execution",
        ["dynamodb:table"] = "AWS::DynamoDB::Table", ["glue:job"] = "AWS::Glue::Job", ["glue:database"] = "AWS::Glue::Database",
        ["glue:table"] = "AWS::Glue::Table", ["glue:crawler"] = "AWS::Glue::Crawler", ["config:config-rule"] = "AWS::Config::ConfigRule",
        ["guardduty:detector"] = "AWS::GuardDuty::Detector", ["access-analyzer:analyzer"] = "AWS::AccessAnalyzer::Analyzer",
        ["securityhub:hub"] = "AWS::SecurityHub::Hub", ["codebuild:project"] = "AWS::CodeBuild::Project",
        ["codepipeline:pipeline"] = "AWS::CodePipeline::Pipeline", ["cloudformation:stack"] = "AWS::CloudFormation::Stack",
        ["elasticloadbalancing:loadbalancer"] = "AWS::ElasticLoadBalancingV2::LoadBalancer", ["acm:certificate"] = "AWS::CertificateManager::Certificate",
        ["backup:backup-vault"] = "AWS::Backup::BackupVault", ["autoscaling:autoScalingGroup"] = "AWS::AutoScaling::AutoScalingGroup",
    };

    private static readonly Dictionary<string, string> ByServiceAlone = new(StringComparer.Ordinal)
    {
        ["sns"] = "AWS::SNS::Topic", ["sqs"] = "AWS::SQS::Queue", ["codecommit"] = "AWS::CodeCommit::Repository",
    };

    /// <summary>The resource's type: the CloudFormation-style name when known, else the ARN's own type segment; null for what is no ARN.</summary>
    public static string? Of(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length < 6 || parts[0] != "arn")
        {
            return null;
        }

        string service = parts[2];
        string resource = parts[5];
        if (service == "s3")
        {
            return resource.Contains('/', StringComparison.Ordinal) ? "AWS::S3::Object" : resource.Length > 0 ? "AWS::S3::Bucket" : null;
        }

        int end = resource.IndexOfAny(['/', ':']);
        if (end <= 0)
        {
            return ByServiceAlone.GetValueOrDefault(service);
        }

        string type = resource[..end];
        return ByServiceAndType.TryGetValue($"{service}:{type}", out var known) ? known : type;
    }
}
