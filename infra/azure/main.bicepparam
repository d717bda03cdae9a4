// Example parameters. Deploy in two passes (docs/deploy-azure.md): first with createEventSubscriptions =
// false, zip-deploy the handler, then again with true so Event Grid can validate the functions.
using 'main.bicep'

param namePrefix = 'trailnorm'
param retentionDays = 400
param immutabilityState = 'Unlocked'
param evidenceSku = 'Standard_ZRS'
param exportActivityLog = true
param notificationHubNamespaceName = ''
param createEventSubscriptions = false
param eventDelivery = 'AzureFunction'
param tags = {
  application: 'trailnormalizer'
  environment: 'production'
}
