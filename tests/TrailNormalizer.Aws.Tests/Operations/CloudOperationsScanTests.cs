using Amazon.KeyManagementService;
using Amazon.S3;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.Operations;

/// <summary>The declared operations (<see cref="CloudOperations"/>) against the SDK calls the adapter's source makes.</summary>
public sealed class CloudOperationsScanTests
{
    private static readonly HashSet<string> SdkMethods =
        typeof(IAmazonS3).GetMethods().Concat(typeof(IAmazonKeyManagementService).GetMethods())
            .Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

    private static string AdapterDirectory => Path.Combine(RepoPaths.Root, "functions-aws", "TrailNormalizer.Aws");

    [Fact]
    public void Every_SDK_call_in_the_adapter_is_declared_and_every_declared_call_is_made()
    {
        var called = SdkCallScanner.CallsInProject(AdapterDirectory, SdkMethods);
        var declared = CloudOperations.All.Where(o => o.SdkCall is not null).Select(o => o.SdkCall!).ToHashSet(StringComparer.Ordinal);

        called.Should().BeEquivalentTo(declared, "functions-aws/TrailNormalizer.Aws/CloudOperations.cs lists every AWS call the code makes");
        called.Should().Contain(["PutObjectAsync", "SignAsync"], "the scan must see the calls that certainly exist");
    }

    [Fact]
    public void The_scan_sees_an_undeclared_call_wherever_it_is_written()
    {
        const string source = """
            var page = await _s3
                .DeleteObjectAsync(request, cancel);
            if (File.Exists(path) && kms.ScheduleKeyDeletionAsync(r).Result is not null) { }
            """;

        SdkCallScanner.CallsIn(source, SdkMethods).Should().BeEquivalentTo("DeleteObjectAsync", "ScheduleKeyDeletionAsync");
    }

    [Fact]
    public void Every_operation_names_a_real_SDK_method_or_is_the_platforms()
    {
        foreach (var operation in CloudOperations.All.Where(o => o.SdkCall is not null))
        {
            SdkMethods.Should().Contain(operation.SdkCall!, operation.Operation);
        }

        CloudOperations.All.Should().OnlyContain(o => o.Why.Length > 0 && o.Operation.Length > 0);
    }
}
