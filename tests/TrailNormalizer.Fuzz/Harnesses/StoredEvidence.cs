using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>
/// The contract on what a run stored: the evidence verifies with the counts routed; every event is valid OCSF
/// whose <c>raw_data_hash</c> is the SHA-256 of its <c>raw_data</c>; every quarantine line keeps its bytes
/// exactly, with a reason that is not an unexpected exception caught by the per-record boundary.
/// </summary>
public static partial class StoredEvidence
{
    private static readonly JsonDocumentOptions DeepEvents = new() { MaxDepth = 512 };

    /// <summary>
    /// Exceptions the fault boundary may meet on hostile records without a bug behind them: bytes that cannot be
    /// kept exactly, and JSON nested past a parser's depth limit. Any other type is a mapper or tagger bug.
    /// </summary>
    private static readonly HashSet<string> ExpectedFaults = new(StringComparer.Ordinal) { "JsonReaderException", "JsonException" };

    [GeneratedRegex(@"^(?<stage>mapping|tagging) failed: (?<type>\w+): ")]
    private static partial Regex BoundaryReason();

    public static void Check(MemoryEvidenceStore store, long events, long quarantined)
    {
        var report = EvidenceVerifier.Verify(store);
        if (!report.Intact)
        {
            throw new ContractViolationException("verify: " + string.Join("; ", report.Findings.Take(3)));
        }

        if (report.Events != events || report.QuarantineItems != quarantined)
        {
            throw new ContractViolationException($"stored {report.Events} events and {report.QuarantineItems} quarantine items, routed {events} and {quarantined}");
        }

        foreach (byte[] line in Lines(store, EvidenceKeys.EventsPrefix))
        {
            CheckEvent(line);
        }

        foreach (byte[] line in Lines(store, EvidenceKeys.QuarantinePrefix))
        {
            CheckQuarantineLine(line);
        }
    }

    public static void CheckEvent(byte[] json)
    {
        using var doc = JsonDocument.Parse(json, DeepEvents);
        var root = doc.RootElement;
        if (!root.TryGetProperty("raw_data", out var raw) || raw.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("raw_data_hash", out var hash) || !hash.TryGetProperty("value", out var value))
        {
            throw new ContractViolationException("event without raw_data or raw_data_hash: " + Excerpt(json));
        }

        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw.GetString()!)));
        if (value.GetString() != expected)
        {
            throw new ContractViolationException($"raw_data_hash {value.GetString()} but SHA-256(raw_data) is {expected}");
        }

        if (FuzzSetup.Schemas.Validate(root) is { Count: > 0 } problems)
        {
            throw new ContractViolationException($"invalid OCSF event: {problems[0]}: {Excerpt(json)}");
        }
    }

    private static void CheckQuarantineLine(byte[] line)
    {
        using var doc = JsonDocument.Parse(line);
        var item = doc.RootElement;
        string reason = item.GetProperty("reason").GetString() ?? "";
        if (reason.Length == 0)
        {
            throw new ContractViolationException("quarantine item without a reason: " + Excerpt(line));
        }

        if (BoundaryReason().Match(reason) is { Success: true } fault && !ExpectedFaults.Contains(fault.Groups["type"].Value))
        {
            throw new ContractViolationException($"the fault boundary caught a {fault.Groups["type"].Value} ({fault.Groups["stage"].Value} bug): {reason}");
        }

        string raw = item.GetProperty("raw").GetString()!;
        byte[] bytes = item.GetProperty("raw_encoding").GetString() == "base64" ? Convert.FromBase64String(raw) : Encoding.UTF8.GetBytes(raw);
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != item.GetProperty("raw_sha256").GetString())
        {
            throw new ContractViolationException("quarantine raw does not match its raw_sha256: " + Excerpt(line));
        }
    }

    private static IEnumerable<byte[]> Lines(MemoryEvidenceStore store, string prefix)
    {
        using var output = new MemoryStream();
        EvidenceReader.CopyLines(store, prefix, output);
        byte[] all = output.ToArray();
        int start = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] == (byte)'\n')
            {
                yield return all[start..i];
                start = i + 1;
            }
        }
    }

    private static string Excerpt(byte[] json) => Encoding.UTF8.GetString(json, 0, Math.Min(json.Length, 300));
}
