// Least-privilege role assignments for the Function App identity.
//
// Evidence: a custom role, assigned on the evidence container only, that can read the container's properties
// (the start-up WORM check), read, list and create blobs and set their version-level immutability policy, and
// nothing else. Storage Blob Data Contributor is not
// used because it can delete. blobs/immutableStorage/runAsSuperUser/action is the one action that sets a
// per-blob policy; it could also remove an *unlocked* policy, but the handler writes every blob with a
// Locked policy in the same request (no unlocked window) and the role has no delete action at all, so the
// identity can neither shorten nor remove retention nor delete a version.
// Diagnostic logs: Storage Blob Data Reader on the log account (the insights-* containers are created by
// Azure Monitor later, so the assignment cannot be narrowed to them at deployment time).
// Signing: a custom role on the signing key only that can read the key and sign with it (Key Vault Crypto User
// could also encrypt, decrypt, wrap, unwrap, update and back up keys).
// Webhook secret: Key Vault Secrets User on that one secret.
// Runtime: Storage Blob Data Owner on the runtime account, which the Functions host needs for
// identity-based AzureWebJobsStorage; that account holds no evidence.
// Log Analytics (optional): Monitoring Metrics Publisher on the data collection rule only, the role the Logs
// Ingestion API documents. Findings (optional): EventGrid Data Sender on the findings topic only.
// The witness container's role lives in witness.bicep, which may be deployed in another subscription.

@description('Name of the identity, used to derive stable role assignment names.')
param identityName string

@description('Object id of the identity the roles are granted to.')
param principalId string

@description('Name of the evidence storage account.')
param evidenceAccountName string

@description('Name of the evidence container.')
param evidenceContainerName string

@description('Name of the diagnostic-log storage account.')
param logAccountName string

@description('Name of the runtime storage account.')
param runtimeAccountName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the signing key.')
param signingKeyName string

@description('Name of the webhook secret.')
param webhookSecretName string

@description('Grant read access to the webhook secret (only when it exists).')
param grantWebhookSecret bool

@description('Name of the data collection rule the handler writes through; empty when Log Analytics is off.')
param dataCollectionRuleName string

@description('Name of the findings topic; empty when findings are not published.')
param findingsTopicName string

@description('Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).')
var builtInRoles = {
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7'
}

resource evidenceAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: evidenceAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource evidenceContainer 'containers' existing = {
      name: evidenceContainerName
    }
  }
}

resource logAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: logAccountName
}

resource runtimeAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: runtimeAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName

  resource signingKey 'keys' existing = {
    name: signingKeyName
  }

  resource webhookSecret 'secrets' existing = {
    name: webhookSecretName
  }
}

resource dataCollectionRule 'Microsoft.Insights/dataCollectionRules@2024-03-11' existing = if (!empty(dataCollectionRuleName)) {
  name: empty(dataCollectionRuleName) ? 'none' : dataCollectionRuleName
}

resource findingsTopic 'Microsoft.EventGrid/topics@2025-02-15' existing = if (!empty(findingsTopicName)) {
  name: empty(findingsTopicName) ? 'none' : findingsTopicName
}

// Role assignments name a role definition by its subscription-level id, also for a role defined here.
@description('Subscription-level id of the custom evidence-writer role.')
var evidenceWriterRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', evidenceWriterRole.name)

resource evidenceWriterRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'trailnormalizer-evidence-writer')
  properties: {
    roleName: 'TrailNormalizer Evidence Writer (${resourceGroup().name})'
    description: 'Read the evidence container, read, list and create evidence blobs with a locked immutability policy. No delete, no tag or metadata rewrite.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        // Get Container Properties (WormCheck at start-up) is authorized by this control-plane action.
        actions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/read'
        ]
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/immutableStorage/runAsSuperUser/action'
        ]
        notDataActions: []
      }
    ]
  }
}

@description('Subscription-level id of the custom checkpoint-signer role.')
var checkpointSignerRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', checkpointSignerRole.name)

resource checkpointSignerRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'trailnormalizer-checkpoint-signer')
  properties: {
    roleName: 'TrailNormalizer Checkpoint Signer (${resourceGroup().name})'
    description: 'Read the checkpoint signing key and sign with it. Nothing else.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.KeyVault/vaults/keys/read'
          'Microsoft.KeyVault/vaults/keys/sign/action'
        ]
        notDataActions: []
      }
    ]
  }
}

resource evidenceWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: evidenceAccount::blobService::evidenceContainer
  name: guid(evidenceAccount::blobService::evidenceContainer.id, identityName, evidenceWriterRole.name)
  properties: {
    roleDefinitionId: evidenceWriterRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource logReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: logAccount
  name: guid(logAccount.id, identityName, builtInRoles.storageBlobDataReader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource runtimeOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: runtimeAccount
  name: guid(runtimeAccount.id, identityName, builtInRoles.storageBlobDataOwner)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource keySigner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault::signingKey
  name: guid(vault::signingKey.id, identityName, checkpointSignerRole.name)
  properties: {
    roleDefinitionId: checkpointSignerRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource webhookSecretReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantWebhookSecret) {
  scope: vault::webhookSecret
  name: guid(vault::webhookSecret.id, identityName, builtInRoles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource logsIngestionPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(dataCollectionRuleName)) {
  scope: dataCollectionRule
  name: guid(dataCollectionRule.id, identityName, builtInRoles.monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource findingsSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(findingsTopicName)) {
  scope: findingsTopic
  name: guid(findingsTopic.id, identityName, builtInRoles.eventGridDataSender)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.eventGridDataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Resource id of the custom evidence-writer role definition.')
output evidenceWriterRoleId string = evidenceWriterRoleId
