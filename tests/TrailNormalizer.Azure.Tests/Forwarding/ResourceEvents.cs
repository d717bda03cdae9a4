using System.Globalization;

namespace TrailNormalizer.Azure.Tests.Forwarding;

/// <summary>
/// Event Grid resource events written for these tests in the documented Microsoft.Resources shape: a deleted
/// diagnostic setting (a high-level logging-tamper rule escalates it to a detection finding) and an ordinary write.
/// </summary>
internal static class ResourceEvents
{
    private const string Subscription = "00000000-0000-0000-0000-00000000f0f0";

    public static string DiagnosticSettingDeleted(int n) => Event(n, "Microsoft.Resources.ResourceDeleteSuccess",
        $"/subscriptions/{Subscription}/resourceGroups/rg-ops/providers/Microsoft.KeyVault/vaults/kv-ops/providers/Microsoft.Insights/diagnosticSettings/to-law-{n}",
        "Microsoft.Insights/diagnosticSettings/delete", "DELETE");

    public static string StorageAccountWritten(int n) => Event(n, "Microsoft.Resources.ResourceWriteSuccess",
        $"/subscriptions/{Subscription}/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stops{n}",
        "Microsoft.Storage/storageAccounts/write", "PUT");

    private static string Event(int n, string type, string resource, string operation, string method)
    {
        string id = $"6d1c7a52-0000-4000-8000-{n.ToString("D12", CultureInfo.InvariantCulture)}";
        string time = new DateTime(2026, 3, 4, 9, 0, 0, DateTimeKind.Utc).AddMinutes(n).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $$"""
            {
              "id": "{{id}}",
              "topic": "/subscriptions/{{Subscription}}/resourceGroups/rg-ops",
              "subject": "{{resource}}",
              "eventType": "{{type}}",
              "eventTime": "{{time}}",
              "dataVersion": "2",
              "metadataVersion": "1",
              "data": {
                "authorization": { "scope": "{{resource}}", "action": "{{operation}}" },
                "claims": { "name": "Ops Example", "ipaddr": "203.0.113.9", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": "ops@contoso.example" },
                "correlationId": "{{id}}",
                "httpRequest": { "clientIpAddress": "203.0.113.9", "method": "{{method}}", "url": "https://management.azure.com{{resource}}?api-version=2021-05-01-preview" },
                "resourceProvider": "{{operation.Split('/')[0]}}",
                "resourceUri": "{{resource}}",
                "operationName": "{{operation}}",
                "status": "Succeeded",
                "subscriptionId": "{{Subscription}}",
                "tenantId": "00000000-0000-0000-0000-0000000000a1"
              }
            }
            """;
    }
}
