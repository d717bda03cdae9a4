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

@description('Log Analytics for the SIEM: Create a workspace, use an Existing one (logAnalyticsWorkspaceName in logAnalyticsResourceGroup), or None.')
@allowed([
  'Create'
  'Existing'
  'None'
])
param logAnalytics string = 'Create'

@description('Name of the Log Analytics workspace to create or use.')
param logAnalyticsWorkspaceName string = '${namePrefix}-law-${uniqueString(resourceGroup().id)}'

@description('Resource group of an existing workspace (this deployment\'s own when it creates one).')
param logAnalyticsResourceGroup string = resourceGroup().name

@description('Days TrailNormalizer_CL keeps rows interactively (the evidence keeps everything for retentionDays anyway).')
@minValue(30)
@maxValue(730)
param logAnalyticsRetentionDays int = 90

@description('Enable Microsoft Sentinel on the workspace with one scheduled analytics rule per incident category.')
param enableSentinel bool = false

@description('How often each Sentinel analytics rule runs and how far back it looks (ISO 8601 duration).')
param sentinelQueryFrequency string = 'PT15M'

@description('Publish escalated detection findings to an Event Grid custom topic (CloudEvents 1.0).')
param publishFindings bool = true

@description('Witness container for checkpoint copies: None, Create one (ideally in another subscription), or use an Existing one.')
@allowed([
  'None'
  'Create'
  'Existing'
])
param witnessMode string = 'None'

@description('Subscription of the witness (another subscription keeps it out of reach of whoever runs this one).')
param witnessSubscriptionId string = subscription().subscriptionId

@description('Resource group of the witness; it must exist.')
param witnessResourceGroup string = resourceGroup().name

@description('Name of the witness storage account (created or existing); empty derives one.')
param witnessAccountName string = ''

@description('Name of the witness container.')
param witnessContainerName string = 'witness'

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
  dataCollectionEndpoint: '${prefix}-dce-${suffix}'
  dataCollectionRule: '${prefix}-dcr-${suffix}'
  logTable: 'TrailNormalizer_CL'
  logStream: 'Custom-TrailNormalizer'
  findingsTopic: '${prefix}-findings-${suffix}'
  witnessAccount: empty(witnessAccountName) ? take('${prefix}wt${uniqueString(witnessSubscriptionId, witnessResourceGroup)}', 24) : witnessAccountName
}

@description('Whether rows are forwarded to Log Analytics.')
var useLogAnalytics = logAnalytics != 'None'

@description('Whether checkpoints are copied to a witness container.')
var useWitness = witnessMode != 'None'

@description('The row the handler sends (LogAnalyticsRow) and the TrailNormalizer_CL columns, with stream types.')
var logColumns = [
  { name: 'TimeGenerated', type: 'datetime' }
  { name: 'class_uid', type: 'int' }
  { name: 'class_name', type: 'string' }
  { name: 'category_name', type: 'string' }
  { name: 'activity_name', type: 'string' }
  { name: 'severity_id', type: 'int' }
  { name: 'severity', type: 'string' }
  { name: 'status_id', type: 'int' }
  { name: 'status', type: 'string' }
  { name: 'actor_user_name', type: 'string' }
  { name: 'actor_user_uid', type: 'string' }
  { name: 'actor_user_type', type: 'string' }
  { name: 'user_name', type: 'string' }
  { name: 'src_endpoint_ip', type: 'string' }
  { name: 'api_operation', type: 'string' }
  { name: 'cloud_provider', type: 'string' }
  { name: 'cloud_account_uid', type: 'string' }
  { name: 'cloud_region', type: 'string' }
  { name: 'metadata_uid', type: 'string' }
  { name: 'metadata_product_name', type: 'string' }
  { name: 'finding_title', type: 'string' }
  { name: 'incidents', type: 'dynamic' }
  { name: 'controls', type: 'dynamic' }
  { name: 'labels', type: 'dynamic' }
  { name: 'batch', type: 'string' }
  { name: 'event_bytes', type: 'long' }
  { name: 'event', type: 'dynamic' }
  { name: 'event_omitted', type: 'boolean' }
]

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

module logWorkspace 'modules/loganalytics-workspace.bicep' = if (logAnalytics == 'Create') {
  params: {
    workspaceName: logAnalyticsWorkspaceName
    location: location
    tags: tags
    retentionInDays: logAnalyticsRetentionDays
  }
}

module logTable 'modules/loganalytics.bicep' = if (useLogAnalytics) {
  scope: resourceGroup(logAnalyticsResourceGroup)
  params: {
    workspaceName: logAnalyticsWorkspaceName
    tableName: names.logTable
    columns: logColumns
    retentionInDays: logAnalyticsRetentionDays
    totalRetentionInDays: -1
  }
  dependsOn: [
    logWorkspace
  ]
}

module ingestion 'modules/ingestion.bicep' = if (useLogAnalytics) {
  params: {
    endpointName: names.dataCollectionEndpoint
    ruleName: names.dataCollectionRule
    location: location
    tags: tags
    workspaceId: resourceId(logAnalyticsResourceGroup, 'Microsoft.OperationalInsights/workspaces', logAnalyticsWorkspaceName)
    tableName: names.logTable
    streamName: names.logStream
    columns: logColumns
  }
  dependsOn: [
    logTable
  ]
}

module sentinel 'modules/sentinel.bicep' = if (useLogAnalytics && enableSentinel) {
  scope: resourceGroup(logAnalyticsResourceGroup)
  params: {
    workspaceName: logAnalyticsWorkspaceName
    queryFrequency: sentinelQueryFrequency
  }
  dependsOn: [
    logTable
  ]
}

module findingsTopic 'modules/findings-topic.bicep' = if (publishFindings) {
  params: {
    topicName: names.findingsTopic
    location: location
    tags: tags
  }
}

module witness 'modules/witness.bicep' = if (useWitness) {
  scope: resourceGroup(witnessSubscriptionId, witnessResourceGroup)
  params: {
    create: witnessMode == 'Create'
    accountName: names.witnessAccount
    containerName: witnessContainerName
    location: location
    tags: tags
    retentionDays: retentionDays
    writerPrincipalId: identity.outputs.principalId
    identityName: names.identity
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
    dataCollectionRuleName: useLogAnalytics ? names.dataCollectionRule : ''
    findingsTopicName: publishFindings ? names.findingsTopic : ''
  }
  dependsOn: [
    evidenceStorage
    logStorage
    runtimeStorage
    keyVault
    ingestion
    findingsTopic
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
    outboundSettings: [
      {
        name: 'TRAILNORM_LOGS_INGESTION_ENDPOINT'
        value: ingestion.?outputs.ingestionEndpoint ?? ''
      }
      {
        name: 'TRAILNORM_LOGS_DCR_IMMUTABLE_ID'
        value: ingestion.?outputs.ruleImmutableId ?? ''
      }
      {
        name: 'TRAILNORM_LOGS_STREAM'
        value: useLogAnalytics ? names.logStream : ''
      }
      {
        name: 'TRAILNORM_FINDINGS_TOPIC_ENDPOINT'
        value: findingsTopic.?outputs.endpoint ?? ''
      }
      {
        name: 'TRAILNORM_WITNESS_CONTAINER_URL'
        value: witness.?outputs.containerUrl ?? ''
      }
    ]
  }
  dependsOn: [
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

@description('Witness container URL (TRAILNORM_WITNESS_CONTAINER_URL); auditors pass a copy of it to trailnorm verify --witness.')
output witnessContainerUrl string = witness.?outputs.containerUrl ?? ''

@description('Findings topic endpoint (TRAILNORM_FINDINGS_TOPIC_ENDPOINT); subscribe a SIEM or SOAR to it.')
output findingsTopicEndpoint string = findingsTopic.?outputs.endpoint ?? ''

@description('Id of the custom evidence-writer role.')
output evidenceWriterRoleId string = roles.outputs.evidenceWriterRoleId
