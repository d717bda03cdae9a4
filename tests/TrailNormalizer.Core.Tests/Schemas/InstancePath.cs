namespace TrailNormalizer.Core.Tests.Schemas;

/// <summary>Builds the dotted paths used in validation errors: <c>actor.user.name</c>, <c>resources[0].uid</c>;
/// the event itself is <c>&lt;event&gt;</c>.</summary>
internal static class InstancePath
{
    public const string Root = "";

    public static string Property(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Item(string parent, int index) => $"{parent}[{index}]";

    public static string Display(string path) => path.Length == 0 ? "<event>" : path;
}
