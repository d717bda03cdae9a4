using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>Opens <c>metadata</c> the same way for every source: uid, version 1.8.0, the cloud profile, the product.</summary>
internal static class OcsfMetadata
{
    /// <summary>Starts the <c>metadata</c> object; the caller writes the source-specific fields and closes it.</summary>
    public static void WriteStart(Utf8JsonWriter w, string uid, string product, string vendor)
    {
        w.WriteStartObject("metadata"u8);
        w.WriteString("uid"u8, uid);
        w.WriteString("version"u8, OcsfVersion.Value);
        w.WriteStartArray("profiles"u8);
        w.WriteStringValue("cloud");
        w.WriteEndArray();
        w.WriteStartObject("product"u8);
        w.WriteString("name"u8, product);
        w.WriteString("vendor_name"u8, vendor);
        w.WriteEndObject();
    }
}
