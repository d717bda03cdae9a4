using System.IO.Compression;
using System.Security.Cryptography;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence;

/// <summary>What checking one batch found: the problem (null when it matches its manifest) and, for event batches, the identity of each event.</summary>
internal sealed record BatchCheck(string? Problem, EventDigests? Events);

/// <summary>
/// Checks one batch object against its manifest in a single streaming pass through reused buffers: the SHA-256 and size
/// of the stored bytes, the line count and Merkle root of the decompressed lines, and, when asked, each event's identity
/// for the duplicate tally. Memory is one line, the leaf hashes and the buffers, however large the batch. One per thread.
/// </summary>
internal sealed class BatchChecker : IDisposable
{
    /// <summary>Longer lines are still hashed, but not parsed for their identity (no event comes near it).</summary>
    private const int MaxIdentifiedLineBytes = 64 * 1024 * 1024;
    private const byte LeafPrefix = 0x00;
    private const int ChunkBytes = 1 << 18;
    private readonly byte[] _read = new byte[1 + ChunkBytes];
    private readonly IncrementalHash _objectHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _leafHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _line = new byte[1 << 16];
    private byte[] _uid = new byte[256];
    private int _lineLength;
    private bool _inLine;

    public BatchCheck Check(IEvidenceStore store, string key, BatchManifest manifest, EventDigests? events)
    {
        var leaves = new List<byte[]>(Math.Clamp(manifest.Count, 0, 1 << 16));
        string? contentProblem = null;
        long bytes;
        _inLine = false;
        _lineLength = 0;
        using (var stored = new HashingReadStream(store.OpenRead(key), _objectHash))
        {
            try
            {
                using var gzip = new GZipStream(stored, CompressionMode.Decompress, leaveOpen: true);
                int read;
                while ((read = gzip.Read(_read.AsSpan(1))) > 0)
                {
                    AddLines(read, leaves, events);
                }

                if (_inLine)
                {
                    contentProblem = "last line has no newline";
                }
            }
            catch (InvalidDataException ex)
            {
                contentProblem = $"not valid gzip: {ex.Message}";
            }

            stored.Drain(_read);
            bytes = stored.BytesRead;
        }

        _leafHash.GetHashAndReset();
        string sha = Convert.ToHexStringLower(_objectHash.GetHashAndReset());
        return new BatchCheck(Problem(manifest, sha, bytes, contentProblem, leaves), events);
    }

    public void Dispose()
    {
        _objectHash.Dispose();
        _leafHash.Dispose();
    }

    /// <summary>The first mismatch, in the order verify has always reported them: hash, size, content, line count, root.</summary>
    private static string? Problem(BatchManifest manifest, string sha, long bytes, string? contentProblem, List<byte[]> leaves)
    {
        if (sha != manifest.Sha256)
        {
            return $"sha256 {sha} does not match the manifest's {manifest.Sha256}";
        }

        if (bytes != manifest.Bytes)
        {
            return $"size {bytes} does not match the manifest's {manifest.Bytes}";
        }

        if (contentProblem is not null)
        {
            return contentProblem;
        }

        if (leaves.Count != manifest.Count)
        {
            return $"{leaves.Count} lines, the manifest says {manifest.Count}";
        }

        string root = Convert.ToHexStringLower(MerkleHash.Root(leaves));
        return root == manifest.MerkleRoot ? null : $"Merkle root {root} does not match the manifest's {manifest.MerkleRoot}";
    }

    /// <summary>
    /// Splits the chunk just read (it starts at <c>_read[1]</c>) into lines. A line wholly inside the chunk is hashed in one
    /// call, with its leaf prefix written over the byte before it (the previous newline, or the spare first byte); a line
    /// across chunks is hashed as it comes and copied for its identity.
    /// </summary>
    private void AddLines(int read, List<byte[]> leaves, EventDigests? events)
    {
        int start = 1, end = 1 + read;
        while (start < end)
        {
            var rest = _read.AsSpan(start, end - start);
            int newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Continue(rest, events);
                return;
            }

            if (_inLine)
            {
                Continue(rest[..newline], events);
                leaves.Add(_leafHash.GetHashAndReset());
                if (events is not null && _lineLength <= MaxIdentifiedLineBytes)
                {
                    Identify(_line.AsSpan(0, _lineLength), events);
                }

                _inLine = false;
                _lineLength = 0;
            }
            else
            {
                _read[start - 1] = LeafPrefix;
                leaves.Add(SHA256.HashData(_read.AsSpan(start - 1, newline + 1)));
                if (events is not null)
                {
                    Identify(rest[..newline], events);
                }
            }

            start += newline + 1;
        }
    }

    /// <summary>Part of a line that spans chunks: hashed as it comes, and kept for its identity.</summary>
    private void Continue(ReadOnlySpan<byte> part, EventDigests? events)
    {
        if (!_inLine)
        {
            _leafHash.AppendData([LeafPrefix]);
            _inLine = true;
        }

        _leafHash.AppendData(part);
        if (events is not null)
        {
            Keep(part);
        }
    }

    private void Identify(ReadOnlySpan<byte> line, EventDigests events)
    {
        Span<byte> raw = stackalloc byte[SHA256.HashSizeInBytes];
        int uidLength = EventIdentityReader.Read(line, ref _uid, raw);
        if (uidLength >= 0)
        {
            events.Add(_uid.AsSpan(0, uidLength), raw);
        }
    }

    private void Keep(ReadOnlySpan<byte> part)
    {
        long needed = (long)_lineLength + part.Length;
        if (needed > MaxIdentifiedLineBytes)
        {
            _lineLength = MaxIdentifiedLineBytes + 1;
            return;
        }

        if (needed > _line.Length)
        {
            Array.Resize(ref _line, (int)Math.Min(Math.Max(needed, 2L * _line.Length), MaxIdentifiedLineBytes));
        }

        part.CopyTo(_line.AsSpan(_lineLength));
        _lineLength = (int)needed;
    }

}
