// The diagnostic-log landing account. Azure Monitor diagnostic settings write here and create the
// insights-* containers themselves (insights-activity-logs, insights-logs-operationallogs,
// insights-logs-auditevent, ...); nothing is pre-created. The handler only reads these blobs, so this
// account is separate from the WORM evidence account and from the Functions runtime account.

@description('Name of the diagnostic-log storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param accountName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Days diagnostic-log blobs are kept here after they are written (the normalized copy lives in the evidence account).')
@minValue(1)
param sourceLogRetentionDays int

@description('Container name prefixes Azure Monitor writes to; lifecycle management expires blobs under them.')
param diagnosticContainers string[]

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
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
  }
}

resource expireDiagnosticLogs 'Microsoft.Storage/storageAccounts/managementPolicies@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-diagnostic-logs'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
                'appendBlob'
              ]
              prefixMatch: [for container in diagnosticContainers: '${container}/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: sourceLogRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

@description('Blob host of the account, the value of TRAILNORM_SOURCE_ACCOUNTS.')
output blobHost string = split(account.properties.primaryEndpoints.blob, '/')[2]
