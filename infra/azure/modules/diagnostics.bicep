// Key Vault audit logs (every sign and secret read) go to the diagnostic-log account, where Azure Monitor
// writes them under insights-logs-auditevent and Event Grid hands them to the handler.

@description('Name of the Key Vault whose AuditEvent logs are exported.')
param keyVaultName string

@description('Resource id of the diagnostic-log storage account.')
param logAccountId string

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

// 2021-05-01-preview is the newest diagnosticSettings version; the only stable one (2016-09-01) is the
// legacy single 'service' setting, which the linter suggests but which cannot express this resource.
#disable-next-line use-recent-api-versions
resource keyVaultAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: vault
  name: 'trailnormalizer-audit'
  properties: {
    storageAccountId: logAccountId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}
