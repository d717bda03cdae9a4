using System.Text;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Core.Tests.Support;

/// <summary>Runs the reader and router over bytes or a file, collecting the results.</summary>
public static class Normalize
{
    public static CollectingSink Bytes(byte[] input, string source = "test.json", bool lineMode = false, InputLimits? limits = null, int? chunk = null)
    {
        var sink = new CollectingSink();
        var effective = limits ?? InputLimits.Default;
        Stream stream = new MemoryStream(input);
        if (chunk is { } size)
        {
            stream = new TrickleStream(stream, size);
        }

        using (stream)
        {
            NormalizationPipeline.ProcessStream(InputFiles.MaybeDecompress(stream), source, lineMode, new RecordRouter(effective, FixedTime.Default), sink, effective);
        }

        return sink;
    }

    public static CollectingSink Text(string input, string source = "test.json", bool lineMode = false, InputLimits? limits = null, int? chunk = null) =>
        Bytes(Encoding.UTF8.GetBytes(input), source, lineMode, limits, chunk);

    public static CollectingSink File(string path, RecordHandlerOptions? options = null)
    {
        var sink = new CollectingSink();
        using var stream = InputFiles.Open(path);
        var limits = InputLimits.Default;
        var router = new RecordRouter(limits, FixedTime.Default, RecordHandlers.Default(options ?? new RecordHandlerOptions()));
        NormalizationPipeline.ProcessStream(stream, Path.GetFileName(path), InputFiles.IsLineDelimited(path), router, sink, limits);
        return sink;
    }
}

/// <summary>A non-seekable stream that returns at most a few bytes per read, to exercise buffer refills.</summary>
public sealed class TrickleStream(Stream inner, int maxChunk) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, maxChunk));
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
