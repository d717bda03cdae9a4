namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>A field of <c>requestParameters</c> / <c>responseElements</c> (at any depth) that names a resource, and its type.</summary>
/// <param name="Field">The field name (matched case-insensitively: <c>dBInstanceIdentifier</c> and <c>DBInstanceIdentifier</c> both occur).</param>
/// <param name="Type">The CloudFormation-style resource type the identifier names.</param>
/// <param name="When">For generic field names: the field counts only when the event name contains one of these words.</param>
internal readonly record struct CloudTrailResourceField(string Field, string Type, string[]? When = null)
{
    /// <summary>True when the field names this type of resource in <paramref name="eventName"/>.</summary>
    public bool AppliesTo(string eventName) => When is null || When.Any(word => eventName.Contains(word, StringComparison.Ordinal));
}

/// <summary>
/// Per service, which request and response fields name the call's target resources — the data behind
/// <see cref="CloudTrailResources"/> (see docs/mapping-cloudtrail.md). A field listed for one service means nothing
/// for another (<c>name</c> is a trail for CloudTrail, a parameter for SSM, a cluster for EKS).
/// </summary>
internal static class CloudTrailResourceCatalog
{
    public static readonly IReadOnlyDictionary<string, CloudTrailResourceField[]> ByService = new Dictionary<string, CloudTrailResourceField[]>(StringComparer.Ordinal)
    {
        ["ec2.amazonaws.com"] =
        [
            new("instanceId", "AWS::EC2::Instance"), new("volumeId", "AWS::EC2::Volume"), new("snapshotId", "AWS::EC2::Snapshot"),
            new("groupId", "AWS::EC2::SecurityGroup"), new("imageId", "AWS::EC2::Image"), new("vpcId", "AWS::EC2::VPC"),
            new("subnetId", "AWS::EC2::Subnet"), new("networkInterfaceId", "AWS::EC2::NetworkInterface"), new("keyName", "AWS::EC2::KeyPair"),
            new("internetGatewayId", "AWS::EC2::InternetGateway"), new("routeTableId", "AWS::EC2::RouteTable"), new("natGatewayId", "AWS::EC2::NatGateway"),
            new("networkAclId", "AWS::EC2::NetworkAcl"), new("allocationId", "AWS::EC2::EIP"), new("launchTemplateId", "AWS::EC2::LaunchTemplate"),
            new("vpcPeeringConnectionId", "AWS::EC2::VPCPeeringConnection"), new("flowLogId", "AWS::EC2::FlowLog"),
            new("trafficMirrorTargetId", "AWS::EC2::TrafficMirrorTarget"), new("trafficMirrorFilterId", "AWS::EC2::TrafficMirrorFilter"),
            new("trafficMirrorSessionId", "AWS::EC2::TrafficMirrorSession"), new("transitGatewayId", "AWS::EC2::TransitGateway"),
        ],
        ["s3.amazonaws.com"] = [new("bucketName", "AWS::S3::Bucket"), new("key", "AWS::S3::Object")],
        ["iam.amazonaws.com"] =
        [
            new("userName", "AWS::IAM::User"), new("roleName", "AWS::IAM::Role"), new("groupName", "AWS::IAM::Group"),
            new("policyArn", "AWS::IAM::ManagedPolicy"), new("instanceProfileName", "AWS::IAM::InstanceProfile"),
            new("accessKeyId", "AWS::IAM::AccessKey"), new("serialNumber", "AWS::IAM::VirtualMFADevice"),
            new("sAMLProviderArn", "AWS::IAM::SAMLProvider"), new("openIDConnectProviderArn", "AWS::IAM::OIDCProvider"),
            new("serverCertificateName", "AWS::IAM::ServerCertificate"),
        ],
        ["kms.amazonaws.com"] =
        [
            new("keyId", "AWS::KMS::Key"), new("aliasName", "AWS::KMS::Alias"), new("targetKeyId", "AWS::KMS::Key"),
            new("customKeyStoreId", "AWS::KMS::CustomKeyStore"), new("customKeyStoreName", "AWS::KMS::CustomKeyStore"),
        ],
        ["lambda.amazonaws.com"] = [new("functionName", "AWS::Lambda::Function"), new("layerName", "AWS::Lambda::LayerVersion")],
        ["rds.amazonaws.com"] =
        [
            new("dBInstanceIdentifier", "AWS::RDS::DBInstance"), new("dBClusterIdentifier", "AWS::RDS::DBCluster"),
            new("dBSnapshotIdentifier", "AWS::RDS::DBSnapshot"), new("dBClusterSnapshotIdentifier", "AWS::RDS::DBClusterSnapshot"),
            new("dBParameterGroupName", "AWS::RDS::DBParameterGroup"), new("dBSubnetGroupName", "AWS::RDS::DBSubnetGroup"),
            new("dBSecurityGroupName", "AWS::RDS::DBSecurityGroup"), new("dbiResourceId", "AWS::RDS::DBInstance"),
            new("dbClusterResourceId", "AWS::RDS::DBCluster"), new("sourceDBSnapshotIdentifier", "AWS::RDS::DBSnapshot"),
            new("targetDBSnapshotIdentifier", "AWS::RDS::DBSnapshot"), new("globalClusterIdentifier", "AWS::RDS::GlobalCluster"),
            new("targetDbClusterIdentifier", "AWS::RDS::DBCluster"),
        ],
        ["secretsmanager.amazonaws.com"] = [new("secretId", "AWS::SecretsManager::Secret"), new("name", "AWS::SecretsManager::Secret", ["Secret"]), new("aRN", "AWS::SecretsManager::Secret")],
        ["ssm.amazonaws.com"] =
        [
            new("name", "AWS::SSM::Parameter", ["Parameter"]), new("names", "AWS::SSM::Parameter"), new("documentName", "AWS::SSM::Document"),
            new("instanceIds", "AWS::EC2::Instance"), new("instanceId", "AWS::EC2::Instance"), new("target", "AWS::EC2::Instance"),
        ],
        ["sts.amazonaws.com"] = [new("roleArn", "AWS::IAM::Role"), new("principalArn", "AWS::IAM::SAMLProvider"), new("serialNumber", "AWS::IAM::VirtualMFADevice")],
        ["cloudtrail.amazonaws.com"] =
        [
            new("name", "AWS::CloudTrail::Trail", ["Trail", "Logging", "Selectors"]), new("trailName", "AWS::CloudTrail::Trail"), new("trailARN", "AWS::CloudTrail::Trail"),
            new("eventDataStore", "AWS::CloudTrail::EventDataStore"), new("s3BucketName", "AWS::S3::Bucket"),
        ],
        ["organizations.amazonaws.com"] =
        [
            new("accountId", "AWS::Organizations::Account"), new("policyId", "AWS::Organizations::Policy"),
            new("targetId", "AWS::Organizations::Target"), new("organizationalUnitId", "AWS::Organizations::OrganizationalUnit"),
        ],
        ["eks.amazonaws.com"] =
        [
            new("name", "AWS::EKS::Cluster", ["Cluster"]), new("clusterName", "AWS::EKS::Cluster"), new("nodegroupName", "AWS::EKS::Nodegroup"),
            new("fargateProfileName", "AWS::EKS::FargateProfile"), new("addonName", "AWS::EKS::Addon"),
        ],
        ["ecr.amazonaws.com"] = [new("repositoryName", "AWS::ECR::Repository"), new("imageDigest", "AWS::ECR::Image"), new("imageTag", "AWS::ECR::Image")],
        ["sqs.amazonaws.com"] = [new("queueUrl", "AWS::SQS::Queue"), new("queueName", "AWS::SQS::Queue")],
        ["sns.amazonaws.com"] = [new("name", "AWS::SNS::Topic", ["Topic"]), new("topicArn", "AWS::SNS::Topic")],
        ["logs.amazonaws.com"] = [new("logGroupName", "AWS::Logs::LogGroup"), new("logStreamName", "AWS::Logs::LogStream")],
        ["events.amazonaws.com"] = [new("name", "AWS::Events::Rule", ["Rule"]), new("rule", "AWS::Events::Rule"), new("eventBusName", "AWS::Events::EventBus")],
        ["ebs.amazonaws.com"] = [new("snapshotId", "AWS::EC2::Snapshot")],
        ["ec2-instance-connect.amazonaws.com"] = [new("instanceId", "AWS::EC2::Instance")],
        ["ssm-guiconnect.amazonaws.com"] = [new("instanceId", "AWS::EC2::Instance")],
        ["ses.amazonaws.com"] = [new("identity", "AWS::SES::EmailIdentity"), new("identities", "AWS::SES::EmailIdentity"), new("emailAddress", "AWS::SES::EmailIdentity")],
        ["glue.amazonaws.com"] = [new("databaseName", "AWS::Glue::Database"), new("tableName", "AWS::Glue::Table"), new("jobName", "AWS::Glue::Job")],
        ["guardduty.amazonaws.com"] = [new("detectorId", "AWS::GuardDuty::Detector")],
        ["rbin.amazonaws.com"] = [new("identifier", "AWS::Rbin::Rule")],
        ["route53resolver.amazonaws.com"] = [new("resolverQueryLogConfigId", "AWS::Route53Resolver::ResolverQueryLoggingConfig")],
        ["bedrock.amazonaws.com"] = [new("guardrailIdentifier", "AWS::Bedrock::Guardrail")],
        ["config.amazonaws.com"] = [new("configurationRecorderName", "AWS::Config::ConfigurationRecorder"), new("deliveryChannelName", "AWS::Config::DeliveryChannel")],
        ["athena.amazonaws.com"] = [new("workGroup", "AWS::Athena::WorkGroup")],
        ["dynamodb.amazonaws.com"] = [new("tableName", "AWS::DynamoDB::Table")],
        ["cloudformation.amazonaws.com"] = [new("stackName", "AWS::CloudFormation::Stack")],
    };
}
