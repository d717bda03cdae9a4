// The subscription's Activity Log goes to the diagnostic-log account (Azure Monitor writes it under
// insights-activity-logs). A subscription-scope resource: the deploying principal needs
// Microsoft.Insights/diagnosticSettings/write on the subscription (e.g. Monitoring Contributor).
targetScope = 'subscription'

@description('Resource id of the diagnostic-log storage account.')
param logAccountId string

@description('Activity Log categories exported.')
var categories = [
  'Administrative'
  'Security'
  'ServiceHealth'
  'Alert'
  'Recommendation'
  'Policy'
  'Autoscale'
  'ResourceHealth'
]

// See diagnostics.bicep for why the preview API version is the right one.
#disable-next-line use-recent-api-versions
resource activityLog 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'trailnormalizer-activity-log'
  properties: {
    storageAccountId: logAccountId
    logs: [
      for category in categories: {
        category: category
        enabled: true
      }
    ]
  }
}
