using System.Reflection;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.Operations;

/// <summary>The declared operations (<see cref="CloudOperations"/>) against the Azure calls the handler's source makes.</summary>
public sealed class CloudOperationsScanTests
{
    /// <summary>The network methods of the Blob clients: those answering a Response, a Pageable or a Task (not client factories).</summary>
    private static readonly HashSet<string> BlobSdkMethods =
        new[] { typeof(BlobServiceClient), typeof(BlobContainerClient), typeof(BlobClient), typeof(BlobBaseClient), typeof(BlockBlobClient), typeof(AppendBlobClient) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => m.ReturnType.Name.StartsWith("Response", StringComparison.Ordinal)
                || m.ReturnType.Name.StartsWith("Pageable", StringComparison.Ordinal)
                || m.ReturnType.Name.StartsWith("AsyncPageable", StringComparison.Ordinal)
                || m.ReturnType.Name.StartsWith("Task", StringComparison.Ordinal))
            .Select(m => m.Name)
            // Reviewed: the only ".Seal(" in the handler is Core's Sealer.Seal (SealFunction), not AppendBlobClient.Seal.
            .Where(name => name != "Seal")
            .ToHashSet(StringComparer.Ordinal);

    private static string HandlerDirectory => Path.Combine(RepoPaths.Root, "functions-azure", "TrailNormalizer.Azure");

    [Fact]
    public void Every_Blob_SDK_call_in_the_handler_is_declared_and_every_declared_call_is_made()
    {
        var called = SdkCallScanner.CallsInProject(HandlerDirectory, BlobSdkMethods);
        var declared = CloudOperations.All.Where(o => o.Service == "Blob").Select(o => o.SdkCall!).ToHashSet(StringComparer.Ordinal);

        called.Should().BeEquivalentTo(declared, "functions-azure/TrailNormalizer.Azure/CloudOperations.cs lists every Azure call the code makes");
    }

    [Fact]
    public void Key_Vault_requests_are_exactly_the_declared_get_key_and_sign()
    {
        var source = File.ReadAllText(Path.Combine(HandlerDirectory, "KeyVaultCheckpointSigner.cs"));
        var requests = Regex.Matches(source, @"RequestMethod\.(\w+)").Select(m => m.Groups[1].Value).ToList();

        requests.Should().BeEquivalentTo(["Get", "Post"], "one Get Key and one Sign request");
        source.Should().Contain("/sign?api-version=");
        CloudOperations.All.Where(o => o.Service == "Key Vault" && o.SdkCall is not null).Select(o => o.SdkCall)
            .Should().BeEquivalentTo(CloudOperations.KeyVaultGetKey, CloudOperations.KeyVaultSign);
        var elsewhere = Directory.EnumerateFiles(HandlerDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith("KeyVaultCheckpointSigner.cs", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("RequestMethod.", StringComparison.Ordinal));
        elsewhere.Should().BeEmpty("REST calls outside the SDK live in the signer only");
    }

    [Fact]
    public void The_scan_sees_an_undeclared_call()
    {
        const string source = "blob.DeleteIfExists(); _container\n    .SetAccessPolicy(PublicAccessType.None); File.Exists(x); ECDsa.Create(); client.GetBlobClient(n).Delete();";

        SdkCallScanner.CallsIn(source, BlobSdkMethods).Should().BeEquivalentTo("DeleteIfExists", "SetAccessPolicy", "Delete");
    }
}
