using Amazon.S3.Model;
using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Aws.Storage;

/// <summary>A GetObject body that releases the HTTP response (and its connection) when the reader disposes it.</summary>
internal sealed class ObjectStream(GetObjectResponse response) : ReadOnlyStream(response.ResponseStream)
{
    public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => Inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Inner.ReadAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            response.Dispose();
        }
    }
}
