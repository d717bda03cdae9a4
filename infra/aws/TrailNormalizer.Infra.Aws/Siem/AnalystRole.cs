using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace TrailNormalizer.Infra.Aws.Siem;

/// <summary>
/// The role a SIEM or an analyst assumes to query the evidence: read the <c>events/</c> objects (and decrypt them through
/// S3), read the Glue table, run and read queries in the one workgroup, and keep results in its results bucket. It
/// cannot write, delete or re-lock evidence, read the log or quarantine, or use another workgroup.
/// </summary>
public sealed class AnalystRole : Construct
{
    public static readonly string[] AthenaActions =
    [
        "athena:StartQueryExecution", "athena:StopQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
        "athena:GetQueryResultsStream", "athena:BatchGetQueryExecution", "athena:ListQueryExecutions", "athena:GetWorkGroup",
        "athena:GetNamedQuery", "athena:BatchGetNamedQuery", "athena:ListNamedQueries",
    ];

    public static readonly string[] CatalogBrowseActions =
        ["athena:GetDataCatalog", "athena:ListDatabases", "athena:GetDatabase", "athena:ListTableMetadata", "athena:GetTableMetadata"];

    public static readonly string[] GlueActions = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions"];

    public static readonly string[] ResultObjectActions = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];

    public static readonly string[] ResultBucketActions = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"];

    public AnalystRole(Construct scope, string id, TrailNormalizerSettings settings, EvidenceTarget evidence, string database, QueryWorkgroup workgroup)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(workgroup);
        string catalog = $"arn:{Amazon.CDK.Aws.PARTITION}:glue:{Amazon.CDK.Aws.REGION}:{Amazon.CDK.Aws.ACCOUNT_ID}";
        string events = evidence.Prefix + "events/";
        var listEvents = Statement("ListEvidenceEvents", ["s3:ListBucket"], evidence.Bucket.BucketArn);
        listEvents.AddCondition("StringLike", new Dictionary<string, object> { ["s3:prefix"] = new[] { events + "*" } });
        var decrypt = Statement("DecryptEvidenceThroughS3", ["kms:Decrypt"], evidence.DataKey.KeyArn);
        decrypt.AddCondition("StringEquals", new Dictionary<string, object> { ["kms:ViaService"] = $"s3.{Amazon.CDK.Aws.REGION}.amazonaws.com" });

        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = settings.AnalystPrincipalArn is { } arn ? new ArnPrincipal(arn) : new AccountRootPrincipal(),
            Description = "TrailNormalizer SIEM / analyst: query the evidence in Athena, read-only",
            MaxSessionDuration = Duration.Hours(4),
            InlinePolicies = new Dictionary<string, PolicyDocument>
            {
                ["QueryEvidence"] = new(new PolicyDocumentProps
                {
                    Statements =
                    [
                        Statement("RunQueriesInTheWorkgroup", AthenaActions, workgroup.Arn),
                        Statement("BrowseTheCatalog", CatalogBrowseActions, $"arn:{Amazon.CDK.Aws.PARTITION}:athena:{Amazon.CDK.Aws.REGION}:{Amazon.CDK.Aws.ACCOUNT_ID}:datacatalog/AwsDataCatalog"),
                        new PolicyStatement(new PolicyStatementProps
                        {
                            Sid = "ReadTheEventsTable",
                            Actions = GlueActions,
                            Resources = [$"{catalog}:catalog", $"{catalog}:database/{database}", $"{catalog}:table/{database}/*"],
                        }),
                        Statement("ReadEvidenceEvents", ["s3:GetObject"], evidence.Bucket.ArnForObjects(events + "*")),
                        Statement("LocateEvidenceBucket", ["s3:GetBucketLocation"], evidence.Bucket.BucketArn),
                        listEvents,
                        decrypt,
                        Statement("WriteAndReadResults", ResultObjectActions, workgroup.ResultsBucket.ArnForObjects(QueryWorkgroup.ResultsPrefix + "*")),
                        Statement("UseResultsBucket", ResultBucketActions, workgroup.ResultsBucket.BucketArn),
                    ],
                }),
            },
        });
    }

    public Role Role { get; }

    private static PolicyStatement Statement(string sid, string[] actions, string resource) => new(new PolicyStatementProps
    {
        Sid = sid,
        Effect = Effect.ALLOW,
        Actions = actions,
        Resources = [resource],
    });
}
