// The witness container: a second place that keeps a copy of every signed checkpoint, ideally in another
// subscription run by other people, so whoever can rewrite or roll back the evidence account cannot also make the
// witness agree. Deployed in the witness's resource group (main.bicep scopes it there). It either creates a storage
// account with version-level immutability (every copy locked for retentionDays) or takes an existing container, and
// grants the Function App's identity a custom role on that container only: read the container's properties (the
// start-up WORM check), read and create blobs with a locked immutability policy. No delete, no list of anything else.

@description('Create the account and container (true) or use existing ones (false).')
param create bool

@description('Name of the witness storage account.')
@minLength(3)
@maxLength(24)
param accountName string

@description('Name of the witness container.')
param containerName string

@description('Azure region of a created account.')
param location string

@description('Tags applied to created resources.')
param tags { *: string }

@description('Days every checkpoint copy stays immutable (a created account\'s default policy). At least 90.')
@minValue(90)
@maxValue(146000)
param retentionDays int

@description('Object id of the Function App identity.')
param writerPrincipalId string

@description('Name of the identity, used to derive a stable role assignment name.')
param identityName string

resource createdAccount 'Microsoft.Storage/storageAccounts@2026-06-01' = if (create) {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    immutableStorageWithVersioning: {
      enabled: true
      immutabilityPolicy: {
        immutabilityPeriodSinceCreationInDays: retentionDays
        state: 'Unlocked'
        allowProtectedAppendWrites: false
      }
    }
  }
}

resource createdBlobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = if (create) {
  parent: createdAccount
  name: 'default'
  properties: {
    isVersioningEnabled: true
  }
}

resource createdContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = if (create) {
  parent: createdBlobService
  name: containerName
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: accountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = {
      name: containerName
    }
  }
}

@description('Subscription-level id of the custom witness-writer role.')
var witnessWriterRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', witnessWriterRole.name)

resource witnessWriterRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'trailnormalizer-witness-writer')
  properties: {
    roleName: 'TrailNormalizer Witness Writer (${resourceGroup().name})'
    description: 'Read the witness container, read and create checkpoint copies with a locked immutability policy. No delete, no tag or metadata rewrite.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
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

resource witnessWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account::blobService::container
  name: guid(account::blobService::container.id, identityName, witnessWriterRole.name)
  properties: {
    roleDefinitionId: witnessWriterRoleId
    principalId: writerPrincipalId
    principalType: 'ServicePrincipal'
  }
  dependsOn: [
    createdContainer
  ]
}

@description('URL of the witness container (TRAILNORM_WITNESS_CONTAINER_URL).')
output containerUrl string = '${account.properties.primaryEndpoints.blob}${containerName}'
