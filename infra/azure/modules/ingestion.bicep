// The Logs Ingestion path into TrailNormalizer_CL: a data collection endpoint (the handler's
// TRAILNORM_LOGS_INGESTION_ENDPOINT) and a data collection rule whose input stream declares the row the handler
// sends (LogAnalyticsRow) and whose data flow transforms it into the custom table.

@description('Name of the data collection endpoint.')
param endpointName string

@description('Name of the data collection rule.')
param ruleName string

@description('Azure region (the workspace may be elsewhere).')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Resource id of the Log Analytics workspace.')
param workspaceId string

@description('Name of the custom table (ends in _CL).')
param tableName string

@description('Name of the input stream (Custom-...).')
param streamName string

@description('Columns the handler sends, with stream types.')
param columns { name: string, type: string }[]

resource endpoint 'Microsoft.Insights/dataCollectionEndpoints@2024-03-11' = {
  name: endpointName
  location: location
  tags: tags
  properties: {
    networkAcls: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource rule 'Microsoft.Insights/dataCollectionRules@2024-03-11' = {
  name: ruleName
  location: location
  tags: tags
  properties: {
    dataCollectionEndpointId: endpoint.id
    streamDeclarations: {
      '${streamName}': {
        columns: columns
      }
    }
    destinations: {
      logAnalytics: [
        {
          name: 'trailnormalizer'
          workspaceResourceId: workspaceId
        }
      ]
    }
    dataFlows: [
      {
        streams: [
          streamName
        ]
        destinations: [
          'trailnormalizer'
        ]
        // The handler sends TimeGenerated as ISO 8601 text in the row; rows without it are stamped on arrival.
        transformKql: 'source | extend TimeGenerated = iif(isnull(TimeGenerated), now(), TimeGenerated)'
        outputStream: 'Custom-${tableName}'
      }
    ]
  }
}

@description('Logs ingestion URL of the endpoint (TRAILNORM_LOGS_INGESTION_ENDPOINT).')
output ingestionEndpoint string = endpoint.properties.logsIngestion.endpoint

@description('Immutable id of the rule (TRAILNORM_LOGS_DCR_IMMUTABLE_ID).')
output ruleImmutableId string = rule.properties.immutableId

@description('Name of the rule, for the role assignment.')
output ruleName string = rule.name
