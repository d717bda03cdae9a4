// The TrailNormalizer custom handler on Flex Consumption (plan FC1, runtime 'custom'). The host and the
// deployment package use identity-based connections to the runtime account; nothing holds an account key.

@description('Name of the Function App.')
param appName string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the user-assigned identity the app runs as (created by identity.bicep).')
param identityName string

@description('Name of the runtime storage account (AzureWebJobsStorage).')
param runtimeAccountName string

@description('URL of the blob container Flex Consumption deploys the zip package from.')
param deploymentContainerUrl string

@description('Maximum number of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('TRAILNORM_EVIDENCE_CONTAINER_URL: the WORM evidence container.')
param evidenceContainerUrl string

@description('TRAILNORM_SOURCE_ACCOUNTS: blob hosts the handler may read diagnostic logs from.')
param sourceAccountHosts string[]

@description('TRAILNORM_SIGNING_KEY_URL: the Key Vault key that signs checkpoints.')
param signingKeyUrl string

@description('Secret URI of the webhook key; empty leaves TRAILNORM_WEBHOOK_KEY unset so the Webhook refuses everything.')
param webhookSecretUri string

@description('TRAILNORM_LOG_ORIGIN: origin line of signed checkpoints.')
param logOrigin string

@description('TRAILNORM_RETENTION_DAYS: retention the handler asks for on every evidence write.')
@minValue(90)
param retentionDays int

@description('Settings of the optional outbound paths (Log Analytics, findings topic, witness), as name/value pairs; empty ones are left out.')
param outboundSettings { name: string, value: string }[]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

@description('App settings every deployment has; the webhook key is added only when a secret exists.')
var baseSettings = [
  {
    name: 'AzureWebJobsStorage__accountName'
    value: runtimeAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.properties.clientId
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'TRAILNORM_EVIDENCE_CONTAINER_URL'
    value: evidenceContainerUrl
  }
  {
    name: 'TRAILNORM_SOURCE_ACCOUNTS'
    value: join(sourceAccountHosts, ',')
  }
  {
    name: 'TRAILNORM_SIGNING_KEY_URL'
    value: signingKeyUrl
  }
  {
    name: 'TRAILNORM_LOG_ORIGIN'
    value: logOrigin
  }
  {
    name: 'TRAILNORM_RETENTION_DAYS'
    value: string(retentionDays)
  }
]

@description('TRAILNORM_WEBHOOK_KEY as a Key Vault reference, resolved by the platform with the app identity.')
var webhookSettings = empty(webhookSecretUri)
  ? []
  : [
      {
        name: 'TRAILNORM_WEBHOOK_KEY'
        value: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})'
      }
    ]

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(baseSettings, webhookSettings, filter(outboundSettings, setting => !empty(setting.value)))
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
  }
}

// Publishing uses Microsoft Entra ID (az functionapp deployment source config-zip); basic auth stays off.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Default host name, used for the WebHook endpoint URL.')
output defaultHostName string = site.properties.defaultHostName
