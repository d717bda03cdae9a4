using TrailNormalizer.Azure.Forwarding;
using TrailNormalizer.Azure.Tests.Storage;

namespace TrailNormalizer.Azure.Tests.Forwarding;

/// <summary>Posters for tests: a fixed bearer token, and the waits recorded instead of slept.</summary>
internal static class Posters
{
    public static AuthorizedPoster Recording(string scope, List<TimeSpan> waits, int maxAttempts = 5) =>
        new(AuthorizedPoster.CreateHttpClient(), new StaticTokenCredential(), scope, maxAttempts, waits.Add);
}
