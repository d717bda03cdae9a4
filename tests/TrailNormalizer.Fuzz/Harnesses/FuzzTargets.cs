namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>
/// Every fuzz harness by name. A harness takes one input and returns normally when the product kept its
/// contract; anything it throws (a <see cref="ContractViolationException"/> or an exception the product should not let
/// escape) is a crash.
/// </summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new SortedDictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["reader"] = ReaderHarness.Run,
        ["router"] = RouterHarness.Run,
        ["tagger"] = TaggerHarness.Run,
        ["sigma"] = SigmaHarness.Run,
        ["sns"] = SnsHarness.Run,
        ["evidence"] = EvidenceHarness.Run,
    };
}
