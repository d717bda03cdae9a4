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
param eventDelivery = 'WebHook'
// The webhook key comes from the environment so it never sits in a file: export TRAILNORM_WEBHOOK_KEY once
// (openssl rand -base64 32), keep it in your secret store, and use the same value on every deployment.
param webhookKey = readEnvironmentVariable('TRAILNORM_WEBHOOK_KEY', '')
// SIEM copy and findings: a new Log Analytics workspace (or 'Existing' with logAnalyticsWorkspaceName and
// logAnalyticsResourceGroup, or 'None'), Sentinel off, findings published to an Event Grid topic.
param logAnalytics = 'Create'
param logAnalyticsRetentionDays = 90
param enableSentinel = false
param publishFindings = true
// Checkpoint copies in a second subscription (docs/deploy-azure.md, step 8): set witnessMode = 'Create' with
// witnessSubscriptionId and witnessResourceGroup once the witness owners have created the group.
param witnessMode = 'None'
param tags = {
  application: 'trailnormalizer'
  environment: 'production'
}
