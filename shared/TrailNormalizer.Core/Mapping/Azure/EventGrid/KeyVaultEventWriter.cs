using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Microsoft.KeyVault.*: new secret/key/certificate versions (API Activity, Create) and access-policy changes
/// (API Activity, Update) with the object and the vault as resources; near-expiry and expired notices are no
/// call (Base Event, Other) and say which object in <c>message</c>. The events name no caller.
/// </summary>
internal sealed class KeyVaultEventWriter : EventGridFamilyWriter
{
    public static readonly KeyVaultEventWriter Instance = new();

    private static readonly HashSet<string> Consumed = Fields("Id", "VaultName", "ObjectType", "ObjectName", "Version");

    private KeyVaultEventWriter()
    {
    }

    public override IReadOnlySet<string> ConsumedData => Consumed;

    public override (int? Id, string? Code, string? Detail) Status(EventGridFacts facts) =>
        facts.Class.Class == OcsfClass.ApiActivity ? (OcsfEnums.StatusSuccess, null, null) : (null, null, null);

    public override IReadOnlyList<string> Labels(EventGridFacts facts) =>
        facts.Class.Class == OcsfClass.ApiActivity ? [EventGridWriter.UnknownActorLabel] : [];

    public override void WriteBody(Utf8JsonWriter w, EventGridFacts facts)
    {
        var data = facts.Envelope.Data;
        string? objectUri = SourceJson.TextTrimmedKey(data, "Id");
        string? vault = SourceJson.TextTrimmedKey(data, "VaultName") ?? facts.Source?.Name;
        string? objectType = SourceJson.TextTrimmedKey(data, "ObjectType");
        string? objectName = SourceJson.TextTrimmedKey(data, "ObjectName") ?? facts.Envelope.Subject;
        string? version = SourceJson.TextTrimmedKey(data, "Version");

        if (facts.Class.Class != OcsfClass.ApiActivity)
        {
            // Expiry notices: Base Event carries no resources, so the message names the object.
            w.WriteString("message", $"{facts.Class.OtherName}: {objectType ?? "object"} {objectName ?? "?"} in vault {vault ?? "?"}"
                + (version is not null ? $" (version {version})" : ""));
            WriteApi(w, facts);
            return;
        }

        EventGridWriter.WriteUnknownActor(w);
        WriteApi(w, facts);
        EventGridWriter.WriteSourceEndpoint(w, null, "Microsoft.KeyVault");

        w.WriteStartArray("resources");
        if (objectUri is not null || objectName is not null)
        {
            w.WriteStartObject();
            w.WriteString("uid", objectUri ?? objectName!);
            w.WriteIfPresent("name", objectName);
            w.WriteIfPresent("type", objectType);
            w.WriteIfPresent("version", version);
            w.WriteEndObject();
        }

        if (facts.Source is { } vaultScope)
        {
            EventGridWriter.WriteArmResource(w, vaultScope);
        }
        else if (vault is not null)
        {
            EventGridWriter.WriteResource(w, vault, vault, "Microsoft.KeyVault/vaults");
        }

        w.WriteEndArray();
    }

    /// <summary>The event type as the operation (the cloud profile allows <c>api</c> on every class, Base Event included).</summary>
    private static void WriteApi(Utf8JsonWriter w, EventGridFacts facts)
    {
        w.WriteStartObject("api");
        w.WriteString("operation", facts.ShortType);
        w.WriteStartObject("service");
        w.WriteString("name", "Microsoft.KeyVault");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
