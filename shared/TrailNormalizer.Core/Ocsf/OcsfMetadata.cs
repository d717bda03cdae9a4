using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>Opens <c>metadata</c> the same way for every source: uid, version 1.8.0, the cloud profile, the product.</summary>
internal static class OcsfMetadata
{
    /// <summary>Starts the <c>metadata</c> object; the caller writes the source-specific fields and closes it.</summary>
    public static void WriteStart(Utf8JsonWriter w, string uid, string product, string vendor)
    {
        w.WriteStartObject("metadata");
        w.WriteString("uid", uid);
        w.WriteString("version", OcsfVersion.Value);
        w.WriteStartArray("profiles");
        w.WriteStringValue("cloud");
        w.WriteEndArray();
        w.WriteStartObject("product");
        w.WriteString("name", product);
        w.WriteString("vendor_name", vendor);
        w.WriteEndObject();
    }
}
