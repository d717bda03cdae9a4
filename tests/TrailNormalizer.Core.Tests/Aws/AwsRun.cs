using System.Text;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Aws;

/// <summary>Runs text through the router with given handler options.</summary>
public static class AwsRun
{
    public static CollectingSink Text(string json, RecordHandlerOptions options)
    {
        var sink = new CollectingSink();
        var router = new RecordRouter(InputLimits.Default, FixedTime.Default, RecordHandlers.Default(options));
        NormalizationPipeline.ProcessStream(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json", false, router, sink, InputLimits.Default);
        return sink;
    }
}
