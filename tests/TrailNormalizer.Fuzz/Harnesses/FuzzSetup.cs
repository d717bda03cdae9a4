using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Tests.Schemas;

namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>What every harness shares: small limits (so oversized values are cheap to reach), a stopped clock, the rules, the schemas.</summary>
public static class FuzzSetup
{
    public static InputLimits Limits { get; } = new() { MaxUnitBytes = 4096, MaxQuarantineRawBytes = 512 };

    public static TimeProvider Clock { get; } = new StoppedClock(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public static SigmaRuleSet Rules => LazyRules.Value;

    public static OcsfSchemaValidator Schemas => LazySchemas.Value;

    private static readonly Lazy<SigmaRuleSet> LazyRules = new(BuiltInRules.Load);

    private static readonly Lazy<OcsfSchemaValidator> LazySchemas = new(() => OcsfSchemaValidator.LoadFrom(OcsfSchemaValidator.FindRepoSchemasDirectory()));

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
