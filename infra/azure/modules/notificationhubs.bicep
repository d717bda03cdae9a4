// Operational logs of an existing Notification Hubs namespace (deployed into that namespace's resource
// group) go to the diagnostic-log account, under insights-logs-operationallogs.

@description('Name of the existing Notification Hubs namespace.')
param namespaceName string

@description('Resource id of the diagnostic-log storage account.')
param logAccountId string

resource namespace 'Microsoft.NotificationHubs/namespaces@2023-09-01' existing = {
  name: namespaceName
}

// See diagnostics.bicep for why the preview API version is the right one.
#disable-next-line use-recent-api-versions
resource operationalLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: namespace
  name: 'trailnormalizer-operational-logs'
  properties: {
    storageAccountId: logAccountId
    logs: [
      {
        category: 'OperationalLogs'
        enabled: true
      }
    ]
  }
}
