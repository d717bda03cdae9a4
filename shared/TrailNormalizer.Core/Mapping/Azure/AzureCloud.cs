using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure;

/// <summary>The OCSF <c>cloud</c> object for every Azure source: provider Azure, the subscription as account, the tenant as org, the region when known.</summary>
internal static class AzureCloud
{
    public static void Write(Utf8JsonWriter w, string? subscriptionId, string? tenantId, string? region)
    {
        w.WriteStartObject("cloud");
        w.WriteString("provider", "Azure");
        if (region is not null)
        {
            w.WriteString("region", region);
        }

        if (subscriptionId is not null)
        {
            w.WriteStartObject("account");
            w.WriteString("uid", subscriptionId);
            w.WriteNumber("type_id", OcsfEnums.AccountTypeAzureSubscription);
            w.WriteString("type", "Azure Subscription");
            w.WriteEndObject();
        }

        if (tenantId is not null)
        {
            w.WriteStartObject("org");
            w.WriteString("uid", tenantId);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
