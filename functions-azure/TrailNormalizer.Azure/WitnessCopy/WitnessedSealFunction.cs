using System.Globalization;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Host;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.WitnessCopy;

/// <summary>
/// The Seal timer function with a witness: seals as <see cref="SealFunction"/> does, then copies every checkpoint the
/// witness container does not hold yet (<see cref="CheckpointCopier"/>, create-only). A failed copy fails the invocation
/// but never the seal, and the next successful seal copies whatever is still missing. Without a witness it is the plain seal.
/// </summary>
public sealed class WitnessedSealFunction(SealFunction seal, HandlerServices services, IEvidenceStore? witness)
{
    public InvocationResponse Invoke(InvocationRequest request)
    {
        var sealing = seal.Invoke(request);
        if (witness is null || sealing.StatusCode != 200)
        {
            return sealing;
        }

        try
        {
            int copied = CheckpointCopier.CopyMissing(services.Store, witness, services.Time, services.Retention);
            services.Log.Info(string.Create(CultureInfo.InvariantCulture, $"Seal: {copied} checkpoints copied to the witness"));
            return sealing;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or global::Azure.RequestFailedException)
        {
            string what = $"Seal: the witness copy failed (retried next run): {ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
            services.Log.Error(what);
            return InvocationResponse.Failed(500, what);
        }
    }
}
