namespace TrailNormalizer.Core.Coverage;

/// <summary>
/// Facts an OCSF 1.8.0 class has no typed attribute for, so a record of that class holding one is not counted as held:
/// a user agent is typed only in <c>http_request.user_agent</c>, which Event Log Activity (1008), Vulnerability Finding
/// (2002), Data Security Finding (2006) and Cloud Resources Inventory Info (5023) do not have (nor any object they
/// carry: actor, api, src_endpoint, device hold no HTTP client). Base Event (0) is deliberately not listed: a record
/// ending there is in the wrong class, and its missing facts should show.
/// </summary>
internal static class ClassFacts
{
    private static readonly HashSet<int> NoHttpRequest = [1008, 2002, 2006, 5023];

    public static bool CanHold(int classUid, TypedFact fact) => fact != TypedFact.UserAgent || !NoHttpRequest.Contains(classUid);
}
