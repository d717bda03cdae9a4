using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>
/// The sink as seen from inside the per-record boundary: a failure of what lies behind it (storing the evidence)
/// is not the record's fault, so it is wrapped in <see cref="EnvironmentFaultException"/> and passes the boundary.
/// A <see cref="RecordFaultException"/> (tagging one event failed) stays the record's fault.
/// </summary>
internal sealed class GuardedSink(IRecordSink inner) : IRecordSink
{
    public IRecordSink Inner => inner;

    public void Normalized(NormalizedEvent normalizedEvent)
    {
        try
        {
            inner.Normalized(normalizedEvent);
        }
        catch (Exception ex) when (IsBehind(ex))
        {
            throw new EnvironmentFaultException(ex);
        }
    }

    public void Quarantined(QuarantineItem item)
    {
        try
        {
            inner.Quarantined(item);
        }
        catch (Exception ex) when (IsBehind(ex))
        {
            throw new EnvironmentFaultException(ex);
        }
    }

    public void Control(string kind, string source)
    {
        try
        {
            inner.Control(kind, source);
        }
        catch (Exception ex) when (IsBehind(ex))
        {
            throw new EnvironmentFaultException(ex);
        }
    }

    private static bool IsBehind(Exception ex) => ex is not (RecordFaultException or EnvironmentFaultException or OutOfMemoryException);
}
