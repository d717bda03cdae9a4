// The evidence account: WORM storage for normalized batches and checkpoints. Version-level immutability
// is enabled on the account, so every blob version inherits the default time-based policy below and can
// be neither changed nor deleted until it expires. The policy starts Unlocked (it can still be shortened
// or removed) so a first deployment can be tested; lock it as docs/deploy-azure.md explains, then set
// immutabilityState to 'Locked' here so redeployments agree with the account.

@description('Name of the evidence storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param accountName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Replication of the evidence account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Days every blob version stays immutable after it is written (the default version-level policy).')
@minValue(90)
@maxValue(146000)
param retentionDays int

@description('State of the default immutability policy. Unlocked can still be shortened or removed; Locked can only be extended.')
@allowed([
  'Unlocked'
  'Locked'
])
param immutabilityState string

@description('Name of the container that holds evidence batches and checkpoints.')
param evidenceContainerName string

@description('Put a CanNotDelete management lock on the evidence account.')
param lockAccount bool

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
    immutableStorageWithVersioning: {
      enabled: true
      immutabilityPolicy: {
        immutabilityPeriodSinceCreationInDays: retentionDays
        state: immutabilityState
        allowProtectedAppendWrites: false
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    changeFeed: {
      enabled: true
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 30
    }
  }
}

resource evidenceContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: evidenceContainerName
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

resource accountLock 'Microsoft.Authorization/locks@2020-05-01' = if (lockAccount) {
  scope: account
  name: 'evidence-cannot-delete'
  properties: {
    level: 'CanNotDelete'
    notes: 'TrailNormalizer evidence (WORM). Removing this lock does not remove blob immutability.'
  }
}

@description('URL of the evidence container (TRAILNORM_EVIDENCE_CONTAINER_URL).')
output containerUrl string = '${account.properties.primaryEndpoints.blob}${evidenceContainer.name}'
