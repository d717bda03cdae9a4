// Key Vault holding the checkpoint signing key (ECDSA P-256, used as ES256) and, when the WebHook
// delivery is used, the shared secret Event Grid sends in X-TrailNorm-Key. RBAC authorization only (no
// access policies), purge protection on, so neither the key nor the vault can be destroyed early.

@description('Name of the Key Vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the checkpoint signing key.')
param signingKeyName string

@description('Name of the secret holding the webhook key.')
param webhookSecretName string

@description('Store webhookKey as a secret (only the WebHook delivery needs it).')
param storeWebhookKey bool

@description('Shared secret for the Webhook function.')
@secure()
param webhookKey string

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource signingKey 'Microsoft.KeyVault/vaults/keys@2026-05-15' = {
  parent: vault
  name: signingKeyName
  tags: tags
  properties: {
    kty: 'EC'
    curveName: 'P-256'
    keyOps: [
      'sign'
      'verify'
    ]
    attributes: {
      enabled: true
      exportable: false
    }
  }
}

resource webhookSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (storeWebhookKey) {
  parent: vault
  name: webhookSecretName
  tags: tags
  properties: {
    value: webhookKey
    contentType: 'TrailNormalizer webhook key (X-TrailNorm-Key)'
  }
}

@description('Versioned key URL (TRAILNORM_SIGNING_KEY_URL); pinned so every checkpoint names one public key.')
output signingKeyUrl string = signingKey.properties.keyUriWithVersion

@description('URI of the webhook secret (latest version) for a Key Vault reference; empty when none is stored.')
output webhookSecretUri string = storeWebhookKey ? '${vault.properties.vaultUri}secrets/${webhookSecretName}' : ''
