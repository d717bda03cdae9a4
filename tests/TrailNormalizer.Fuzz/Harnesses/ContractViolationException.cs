namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>The product broke its contract on a fuzz input: the fuzzer reports it as a crash and keeps the input.</summary>
public sealed class ContractViolationException(string message) : Exception(message);
