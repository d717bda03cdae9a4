// TrailNormalizer on Azure: a Flex Consumption custom handler that normalizes Event Grid and Azure Monitor
// events to OCSF and writes them to WORM blob storage, with checkpoints signed by a Key Vault key.
// Deploy with `az deployment group create` (docs/deploy-azure.md). The Activity Log export is a
// subscription-scope resource, deployed from here as a module with scope: subscription().

metadata description = 'TrailNormalizer: Azure security events to OCSF evidence with WORM storage and signed checkpoints.'

@description('Azure region of every regional resource.')
param location string = resourceGroup().location

@description('Short prefix of every resource name: 3-9 lowercase letters and digits, starting with a letter (storage account names allow nothing else).')
@minLength(3)
@maxLength(9)
param namePrefix string = 'trailnorm'

@description('Tags applied to every resource.')
param tags { *: string } = {
  application: 'trailnormalizer'
}

@description('Name of the WORM evidence storage account.')
@minLength(3)
@maxLength(24)
param evidenceAccountName string = take('${namePrefix}ev${uniqueString(resourceGroup().id)}', 24)

@description('Replication of the evidence account (ZRS or GZRS where the region offers it).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param evidenceSku string = 'Standard_ZRS'

@description('Name of the storage account Azure Monitor writes diagnostic logs to.')
@minLength(3)
@maxLength(24)
param logAccountName string = take('${namePrefix}lg${uniqueString(resourceGroup().id)}', 24)

@description('Name of the Functions runtime storage account (host, deployment package, dead letters).')
@minLength(3)
@maxLength(24)
param runtimeAccountName string = take('${namePrefix}rt${uniqueString(resourceGroup().id)}', 24)

@description('Name of the Key Vault holding the signing key.')
@minLength(3)
@maxLength(24)
param keyVaultName string = take('${namePrefix}-kv-${uniqueString(resourceGroup().id)}', 24)

@description('Name of the Function App.')
param functionAppName string = '${namePrefix}-func-${uniqueString(resourceGroup().id)}'

@description('Days every evidence blob version is immutable (the default version-level policy). At least 90.')
@minValue(90)
@maxValue(146000)
param retentionDays int = 400

@description('Unlocked until the policy is locked (docs/deploy-azure.md); then Locked, so redeployments agree.')
@allowed([
  'Unlocked'
  'Locked'
])
param immutabilityState string = 'Unlocked'

@description('Put a CanNotDelete lock on the evidence account.')
param lockEvidenceAccount bool = true

@description('Days raw diagnostic-log blobs are kept in the log account.')
@minValue(1)
param sourceLogRetentionDays int = 30

@description('Checkpoint origin line; empty means trailnormalizer/<evidence account>.')
param logOrigin string = ''

@description('Export the subscription Activity Log to the log account (needs rights on the subscription).')
param exportActivityLog bool = true

@description('Existing Notification Hubs namespace whose OperationalLogs are exported; empty for none.')
param notificationHubNamespaceName string = ''

@description('Resource group of that Notification Hubs namespace.')
param notificationHubResourceGroup string = resourceGroup().name

@description('Create the Event Grid subscriptions. False on the first deployment: they need the deployed functions.')
param createEventSubscriptions bool = false

@description('Deliver events to the Webhook function in batches of up to 100 with an X-TrailNorm-Key header (the cheaper default), or one at a time to the EventGrid function.')
@allowed([
  'AzureFunction'
  'WebHook'
])
param eventDelivery string = 'WebHook'

@description('Shared secret for WebHook delivery (stored in Key Vault), at least 32 characters; required when eventDelivery is WebHook. Keep the same value across deployments.')
@secure()
param webhookKey string = ''

@description('Maximum instances of the Function App.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Instance memory of the Function App in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@description('Suffix that keeps names unique per resource group.')
var suffix = uniqueString(resourceGroup().id)

@description('Characters of namePrefix that are not lowercase letters or digits.')
var badPrefixCharacters = filter(range(0, length(namePrefix)), i => !contains('abcdefghijklmnopqrstuvwxyz0123456789', substring(namePrefix, i, 1)))

@description('namePrefix is lowercase letters and digits and starts with a letter (Key Vault names must).')
var namePrefixIsValid = empty(badPrefixCharacters) && contains('abcdefghijklmnopqrstuvwxyz', first(namePrefix))

@description('namePrefix once checked: an invalid one fails the deployment before any resource is created.')
var prefix = namePrefixIsValid
  ? namePrefix
  : fail('namePrefix must be 3-9 lowercase letters and digits starting with a letter, because it begins every storage account name')

@description('Containers Azure Monitor creates for the exported logs the handler reads.')
var diagnosticContainers = [
  'insights-activity-logs'
  'insights-logs-operationallogs'
  'insights-logs-auditevent'
]

@description('Fixed names of containers, key and secret.')
var names = {
  identity: '${prefix}-id-${suffix}'
  plan: '${prefix}-plan-${suffix}'
  evidenceContainer: 'evidence'
  deploymentContainer: 'deployments'
  deadLetterContainer: 'deadletter'
  signingKey: 'checkpoint-signing'
  webhookSecret: 'webhook-key'
  resourceGroupTopic: '${prefix}-rg-events-${suffix}'
  logTopic: '${prefix}-log-events-${suffix}'
}

@description('Whether the WebHook delivery and its secret are used.')
var useWebhook = eventDelivery == 'WebHook'

@description('The webhook key once checked: WebHook delivery without a key of at least 32 characters fails the deployment.')
var checkedWebhookKey = !useWebhook || length(webhookKey) >= 32
  ? webhookKey
  : fail('eventDelivery WebHook needs webhookKey, at least 32 characters (e.g. openssl rand -base64 32), the same on every deployment')

@description('Resource id of the log account, for diagnostic settings.')
var logAccountId = resourceId('Microsoft.Storage/storageAccounts', logAccountName)

module identity 'modules/identity.bicep' = {
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module evidenceStorage 'modules/storage.bicep' = {
  params: {
    accountName: evidenceAccountName
    location: location
    tags: tags
    skuName: evidenceSku
    retentionDays: retentionDays
    immutabilityState: immutabilityState
    evidenceContainerName: names.evidenceContainer
    lockAccount: lockEvidenceAccount
  }
}

module logStorage 'modules/log-storage.bicep' = {
  params: {
    accountName: logAccountName
    location: location
    tags: tags
    sourceLogRetentionDays: sourceLogRetentionDays
    diagnosticContainers: diagnosticContainers
  }
}

module runtimeStorage 'modules/runtime-storage.bicep' = {
  params: {
    accountName: runtimeAccountName
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
    deadLetterContainerName: names.deadLetterContainer
  }
}

module keyVault 'modules/keyvault.bicep' = {
  params: {
    vaultName: keyVaultName
    location: location
    tags: tags
    signingKeyName: names.signingKey
    webhookSecretName: names.webhookSecret
    storeWebhookKey: useWebhook
    webhookKey: checkedWebhookKey
  }
}

module roles 'modules/roles.bicep' = {
  params: {
    identityName: names.identity
    principalId: identity.outputs.principalId
    evidenceAccountName: evidenceAccountName
    evidenceContainerName: names.evidenceContainer
    logAccountName: logAccountName
    runtimeAccountName: runtimeAccountName
    keyVaultName: keyVaultName
    signingKeyName: names.signingKey
    webhookSecretName: names.webhookSecret
    grantWebhookSecret: useWebhook
  }
  dependsOn: [
    evidenceStorage
    logStorage
    runtimeStorage
    keyVault
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  params: {
    appName: functionAppName
    planName: names.plan
    location: location
    tags: tags
    identityName: names.identity
    runtimeAccountName: runtimeAccountName
    deploymentContainerUrl: runtimeStorage.outputs.deploymentContainerUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    evidenceContainerUrl: evidenceStorage.outputs.containerUrl
    sourceAccountHosts: [
      logStorage.outputs.blobHost
    ]
    signingKeyUrl: keyVault.outputs.signingKeyUrl
    webhookSecretUri: keyVault.outputs.webhookSecretUri
    logOrigin: empty(logOrigin) ? 'trailnormalizer/${evidenceAccountName}' : logOrigin
    retentionDays: retentionDays
  }
  dependsOn: [
    identity
    roles
  ]
}

module eventGrid 'modules/eventgrid.bicep' = {
  params: {
    location: location
    tags: tags
    resourceGroupTopicName: names.resourceGroupTopic
    logTopicName: names.logTopic
    logAccountName: logAccountName
    diagnosticContainers: diagnosticContainers
    runtimeAccountName: runtimeAccountName
    deadLetterContainerName: names.deadLetterContainer
    functionAppName: functionAppName
    functionHostName: functionApp.outputs.defaultHostName
    createSubscriptions: createEventSubscriptions
    eventDelivery: eventDelivery
    webhookKey: checkedWebhookKey
    maxDeliveryAttempts: 30
    eventTimeToLiveInMinutes: 1440
  }
}

module keyVaultDiagnostics 'modules/diagnostics.bicep' = {
  params: {
    keyVaultName: keyVaultName
    logAccountId: logAccountId
  }
  dependsOn: [
    keyVault
    logStorage
  ]
}

module notificationHubDiagnostics 'modules/notificationhubs.bicep' = if (!empty(notificationHubNamespaceName)) {
  scope: resourceGroup(notificationHubResourceGroup)
  params: {
    namespaceName: notificationHubNamespaceName
    logAccountId: logAccountId
  }
  dependsOn: [
    logStorage
  ]
}

module activityLog 'modules/activitylog.bicep' = if (exportActivityLog) {
  scope: subscription()
  params: {
    logAccountId: logAccountId
  }
  dependsOn: [
    logStorage
  ]
}

@description('Name of the Function App to zip-deploy the handler to.')
output functionAppName string = functionAppName

@description('Evidence container URL (TRAILNORM_EVIDENCE_CONTAINER_URL).')
output evidenceContainerUrl string = evidenceStorage.outputs.containerUrl

@description('Versioned signing key URL; its public key is what auditors verify checkpoints with.')
output signingKeyUrl string = keyVault.outputs.signingKeyUrl

@description('Id of the custom evidence-writer role.')
output evidenceWriterRoleId string = roles.outputs.evidenceWriterRoleId
