using System.Globalization;
using TrailNormalizer.Azure.Host;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// The timer function: appends the batches written since the last seal to the evidence log and writes a signed
/// checkpoint. The signer is created on the first seal and kept.
/// </summary>
public sealed class SealFunction(HandlerServices services)
{
    private readonly Lock _gate = new();
    private ICheckpointSigner? _signer;

    public InvocationResponse Invoke(InvocationRequest request)
    {
        var sealer = new Sealer(services.Store, Signer(), services.Settings.LogOrigin, services.Time, services.Retention);
        var result = sealer.Seal();

        string stale = result.Stale.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {result.Stale.Count} batches older than the last checkpoint were not adopted") : "";
        string abandoned = result.Abandoned.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {result.Abandoned.Count} abandoned writes recorded") : "";
        string what = result.Sequence is { } sequence
            ? string.Create(CultureInfo.InvariantCulture, $"Seal: checkpoint {sequence}, {result.Appended} batches appended, log size {result.TreeSize}{stale}{abandoned}")
            : string.Create(CultureInfo.InvariantCulture, $"Seal: nothing new, log size {result.TreeSize}{stale}");
        services.Log.Info(what);
        return InvocationResponse.Ok(what);
    }

    private ICheckpointSigner Signer()
    {
        lock (_gate)
        {
            return _signer ??= services.SignerFactory();
        }
    }
}
