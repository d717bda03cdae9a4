using System.Text.Json.Serialization;

namespace TrailNormalizer.Azure.Tests.Handler;

/// <summary>Source-generated JSON for the few values tests encode.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class Json : JsonSerializerContext;
