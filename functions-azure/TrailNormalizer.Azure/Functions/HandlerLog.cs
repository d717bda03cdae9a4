namespace TrailNormalizer.Azure.Functions;

/// <summary>Process-level log lines on stdout, which the Functions host collects. Never given secrets.</summary>
public sealed class HandlerLog(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Info(string message) => Write("info", message);

    public void Warn(string message) => Write("WARNING", message);

    public void Error(string message) => Write("ERROR", message);

    private void Write(string level, string message)
    {
        lock (_gate)
        {
            output.WriteLine($"trailnorm-handler {level}: {message}");
            output.Flush();
        }
    }
}
