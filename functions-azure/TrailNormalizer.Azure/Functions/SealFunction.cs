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

        string what = "Seal: " + SealSummary.Text(result);
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
