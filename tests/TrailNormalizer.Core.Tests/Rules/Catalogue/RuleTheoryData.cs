namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary>xunit theory data: one row per built-in rule file, named by its path relative to <c>schemas/rules</c>.</summary>
public static class RuleTheoryData
{
    public static TheoryData<string> Rules()
    {
        var data = new TheoryData<string>();
        foreach (var rule in RuleFiles.All)
        {
            data.Add(Path.GetRelativePath(RuleFiles.Directory, rule.Path).Replace('\\', '/'));
        }

        return data;
    }

    public static RuleFile Get(string relativePath) =>
        RuleFiles.All.Single(r => Path.GetRelativePath(RuleFiles.Directory, r.Path).Replace('\\', '/') == relativePath);
}
