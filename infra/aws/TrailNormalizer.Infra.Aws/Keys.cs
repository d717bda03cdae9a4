using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// The data key that encrypts evidence (S3 SSE-KMS) and the asymmetric P-256 key that signs checkpoints.
/// Both keys are retained and their policies leave out kms:ScheduleKeyDeletion and kms:Disable*: losing the data key
/// would destroy the evidence as surely as deleting it. Removing a key takes a deliberate kms:PutKeyPolicy first.
/// </summary>
public sealed class Keys : Construct
{
    private static readonly string[] AdministrationActions =
    [
        "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation",
        "kms:ListKeyPolicies", "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription",
        "kms:ListGrants", "kms:RevokeGrant", "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:UpdateAlias",
    ];

    private static readonly string[] DataKeyUsage = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"];

    private static readonly string[] SigningKeyUsage = ["kms:Sign", "kms:Verify", "kms:GetPublicKey"];

    public Keys(Construct scope, string id) : base(scope, id)
    {
        DataKey = new Key(this, "DataKey", new KeyProps
        {
            Description = "TrailNormalizer evidence encryption (S3 SSE-KMS)",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        ReplacePolicy(DataKey, DataKeyUsage);

        SigningKey = new Key(this, "SigningKey", new KeyProps
        {
            Description = "TrailNormalizer checkpoint signing (ECDSA P-256, C2SP signed note)",
            KeySpec = KeySpec.ECC_NIST_P256,
            KeyUsage = KeyUsage.SIGN_VERIFY,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        ReplacePolicy(SigningKey, SigningKeyUsage);
    }

    public Key DataKey { get; }

    public Key SigningKey { get; }

    /// <summary>
    /// CDK's default key policy grants the account kms:*; this one names the actions. The account root principal keeps
    /// administration (so CloudFormation and administrators can manage the key) and the usage actions, which lets IAM
    /// policies — the function roles — grant them. The document replaces whatever CDK would put in the key policy, so a
    /// construct granting through the key policy (cross-account principals) would be ignored; nothing here needs one.
    /// </summary>
    internal static void ReplacePolicy(Key key, string[] usage)
    {
        var account = new AccountRootPrincipal();
        var document = new PolicyDocument(new PolicyDocumentProps
        {
            Statements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "KeyAdministrationWithoutDeletion",
                    Principals = [account],
                    Actions = AdministrationActions,
                    Resources = ["*"],
                }),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "KeyUseThroughIamPolicies",
                    Principals = [account],
                    Actions = usage,
                    Resources = ["*"],
                }),
            ],
        });
        ((CfnKey)key.Node.DefaultChild!).KeyPolicy = document;
    }
}
