// A Log Analytics workspace for the TrailNormalizer_CL table, when the deployment does not use an existing one.
// Local (shared-key) authentication is off: the only writer is the Logs Ingestion API with Microsoft Entra tokens.

@description('Name of the workspace.')
param workspaceName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Days the workspace keeps data interactively (30-730).')
@minValue(30)
@maxValue(730)
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
      enableLogAccessUsingOnlyResourcePermissions: true
    }
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

@description('Resource id of the workspace.')
output workspaceId string = workspace.id
