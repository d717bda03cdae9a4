namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>
/// Derives the API Activity activity (Create 1, Read 2, Update 3, Delete 4, Other 99) from an
/// operation name's leading verb, e.g. <c>CreateBucket</c> → Create, <c>BatchGetItem</c> → Read.
/// </summary>
internal static class ApiVerbs
{
    public const int Create = 1;
    public const int Read = 2;
    public const int Update = 3;
    public const int Delete = 4;
    public const int Other = 99;

    private static readonly Dictionary<string, int> Verbs = new(StringComparer.Ordinal)
    {
        ["Create"] = Create, ["Add"] = Create, ["Run"] = Create, ["Launch"] = Create, ["Register"] = Create,
        ["Allocate"] = Create, ["Import"] = Create, ["Upload"] = Create, ["Copy"] = Create, ["Generate"] = Create,
        ["Issue"] = Create, ["Request"] = Create, ["Subscribe"] = Create, ["Publish"] = Create, ["Send"] = Create,
        ["Clone"] = Create, ["Provision"] = Create, ["Invite"] = Create, ["Initiate"] = Create,

        ["Get"] = Read, ["List"] = Read, ["Describe"] = Read, ["Head"] = Read, ["Lookup"] = Read, ["Search"] = Read,
        ["Scan"] = Read, ["Query"] = Read, ["Select"] = Read, ["Check"] = Read, ["View"] = Read, ["Download"] = Read,
        ["Retrieve"] = Read, ["Filter"] = Read, ["Preview"] = Read, ["Verify"] = Read, ["Decrypt"] = Read, ["Receive"] = Read,
        ["Poll"] = Read, ["Discover"] = Read, ["Estimate"] = Read, ["Simulate"] = Read, ["Test"] = Read, ["Validate"] = Read,

        ["Update"] = Update, ["Modify"] = Update, ["Set"] = Update, ["Put"] = Update, ["Change"] = Update,
        ["Enable"] = Update, ["Disable"] = Update, ["Attach"] = Update, ["Detach"] = Update, ["Associate"] = Update,
        ["Disassociate"] = Update, ["Tag"] = Update, ["Untag"] = Update, ["Reset"] = Update, ["Replace"] = Update,
        ["Stop"] = Update, ["Start"] = Update, ["Reboot"] = Update, ["Restore"] = Update, ["Authorize"] = Update,
        ["Revoke"] = Update, ["Apply"] = Update, ["Accept"] = Update, ["Reject"] = Update, ["Cancel"] = Update,
        ["Rotate"] = Update, ["Encrypt"] = Update, ["ReEncrypt"] = Update, ["Rename"] = Update, ["Move"] = Update,
        ["Resize"] = Update, ["Restart"] = Update, ["Resume"] = Update, ["Suspend"] = Update, ["Activate"] = Update,
        ["Deactivate"] = Update, ["Confirm"] = Update, ["Edit"] = Update, ["Configure"] = Update, ["Grant"] = Update,
        ["Share"] = Update, ["Unshare"] = Update, ["Upgrade"] = Update, ["Promote"] = Update,

        ["Delete"] = Delete, ["Remove"] = Delete, ["Terminate"] = Delete, ["Purge"] = Delete, ["Destroy"] = Delete,
        ["Deregister"] = Delete, ["Release"] = Delete, ["Unsubscribe"] = Delete, ["Deprovision"] = Delete,
        ["Leave"] = Delete, ["Close"] = Delete,
    };

    /// <summary>Exact operation names whose verb would mislead.</summary>
    private static readonly Dictionary<string, int> Exceptions = new(StringComparer.Ordinal)
    {
        ["PutObject"] = Create,
        ["ScheduleKeyDeletion"] = Delete,
        ["CancelKeyDeletion"] = Update,
    };

    /// <summary>The activity for <paramref name="operation"/>; <paramref name="readOnly"/> is CloudTrail's hint when the verb is unknown.</summary>
    public static int ActivityOf(string operation, bool? readOnly)
    {
        if (Exceptions.TryGetValue(operation, out int exact))
        {
            return exact;
        }

        string verb = LeadingWord(operation);
        if (verb == "Batch")
        {
            verb = LeadingWord(operation[verb.Length..]);
        }

        if (Verbs.TryGetValue(verb, out int activity))
        {
            return activity;
        }

        return readOnly == true ? Read : Other;
    }

    /// <summary>The first PascalCase word: <c>DescribeInstances</c> → <c>Describe</c>.</summary>
    internal static string LeadingWord(string name)
    {
        if (name.Length == 0)
        {
            return name;
        }

        int end = 1;
        while (end < name.Length && char.IsLower(name[end]))
        {
            end++;
        }

        return name[..end];
    }
}
