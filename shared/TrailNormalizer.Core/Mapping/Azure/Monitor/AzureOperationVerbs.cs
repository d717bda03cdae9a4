using TrailNormalizer.Core.Mapping.CloudTrail;

namespace TrailNormalizer.Core.Mapping.Azure.Monitor;

/// <summary>
/// API Activity activity ids from Azure operation names. ARM operations end in a verb segment
/// (<c>…/write</c>, <c>…/delete</c>, <c>…/read</c>, <c>…/{name}/action</c>); resource-log operations are
/// PascalCase words, verb first (Storage <c>GetBlob</c>) or last (Key Vault <c>SecretGet</c>).
/// </summary>
internal static class AzureOperationVerbs
{
    /// <summary>Verbs of resource-log operation names and of ARM action names, lower-case.</summary>
    private static readonly Dictionary<string, int> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["create"] = ApiVerbs.Create, ["add"] = ApiVerbs.Create, ["import"] = ApiVerbs.Create, ["generate"] = ApiVerbs.Create,
        ["copy"] = ApiVerbs.Create, ["upload"] = ApiVerbs.Create, ["send"] = ApiVerbs.Create, ["register"] = ApiVerbs.Create,

        ["get"] = ApiVerbs.Read, ["list"] = ApiVerbs.Read, ["read"] = ApiVerbs.Read, ["query"] = ApiVerbs.Read, ["head"] = ApiVerbs.Read,
        ["backup"] = ApiVerbs.Read, ["listkeys"] = ApiVerbs.Read, ["getsecret"] = ApiVerbs.Read, ["download"] = ApiVerbs.Read,
        ["check"] = ApiVerbs.Read, ["search"] = ApiVerbs.Read, ["export"] = ApiVerbs.Read, ["begingetaccess"] = ApiVerbs.Read,

        ["put"] = ApiVerbs.Update, ["set"] = ApiVerbs.Update, ["update"] = ApiVerbs.Update, ["patch"] = ApiVerbs.Update,
        ["write"] = ApiVerbs.Update, ["recover"] = ApiVerbs.Update, ["restore"] = ApiVerbs.Update, ["regeneratekey"] = ApiVerbs.Update,
        ["rotate"] = ApiVerbs.Update, ["enable"] = ApiVerbs.Update, ["disable"] = ApiVerbs.Update, ["start"] = ApiVerbs.Update,
        ["stop"] = ApiVerbs.Update, ["restart"] = ApiVerbs.Update, ["extend"] = ApiVerbs.Update, ["lock"] = ApiVerbs.Update,
        ["append"] = ApiVerbs.Update, ["move"] = ApiVerbs.Update, ["rename"] = ApiVerbs.Update, ["set-acl"] = ApiVerbs.Update,

        ["delete"] = ApiVerbs.Delete, ["purge"] = ApiVerbs.Delete, ["remove"] = ApiVerbs.Delete, ["undelete"] = ApiVerbs.Update,
    };

    /// <summary>
    /// The activity for an ARM operation (<c>Microsoft.X/y/write</c>) or a resource-log operation name.
    /// ARM <c>write</c> is create-or-update (PUT): it is Create only when the source says the resource was
    /// created (<paramref name="created"/>), else Update.
    /// </summary>
    public static int ActivityOf(string operation, bool created = false)
    {
        int slash = operation.LastIndexOf('/');
        if (slash >= 0)
        {
            string last = operation[(slash + 1)..];
            if (last.Equals("write", StringComparison.OrdinalIgnoreCase))
            {
                return created ? ApiVerbs.Create : ApiVerbs.Update;
            }

            if (last.Equals("action", StringComparison.OrdinalIgnoreCase))
            {
                // Microsoft.KeyVault/vaults/secrets/getSecret/action: the segment before "action" names it.
                string before = operation[..slash];
                string name = before[(before.LastIndexOf('/') + 1)..];
                return Words.TryGetValue(name, out int byName) ? byName : ByWords(name) ?? ApiVerbs.Other;
            }

            return Words.TryGetValue(last, out int verb) ? verb : ApiVerbs.Other;
        }

        return ByWords(operation) ?? ApiVerbs.Other;
    }

    /// <summary>A PascalCase name's first or last word as a verb: GetBlob, SecretGet, VaultPut.</summary>
    private static int? ByWords(string name)
    {
        if (name.Length == 0)
        {
            return null;
        }

        var words = SplitWords(name);
        if (Words.TryGetValue(words[0], out int first))
        {
            return first;
        }

        return Words.TryGetValue(words[^1], out int last) ? last : null;
    }

    /// <summary>PascalCase or camelCase words: <c>SecretGetVersions</c> → Secret, Get, Versions; all-lower names stay one word.</summary>
    private static List<string> SplitWords(string name)
    {
        var words = new List<string>();
        int start = 0;
        for (int i = 1; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
            {
                words.Add(name[start..i]);
                start = i;
            }
        }

        words.Add(name[start..]);

        // All-lower spellings (getblob, deleteblob) have no word boundary: try known verb prefixes.
        if (words.Count == 1 && name.All(c => !char.IsUpper(c)))
        {
            foreach (string verb in new[] { "get", "list", "put", "delete", "set", "create", "update", "copy", "query", "head" })
            {
                if (name.StartsWith(verb, StringComparison.Ordinal) && name.Length > verb.Length)
                {
                    return [verb, name[verb.Length..]];
                }
            }
        }

        return words;
    }
}
