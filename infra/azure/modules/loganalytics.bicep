// The TrailNormalizer_CL custom table in a Log Analytics workspace (new or existing; this module is deployed in the
// workspace's resource group), and the saved KQL queries: the saved SQL queries of schemas/queries translated to KQL
// (infra/azure/queries/*.kql), each saved as a workspace function with its parameters.

@description('Name of the workspace (it exists when this module runs).')
param workspaceName string

@description('Name of the custom table (must end in _CL).')
param tableName string

@description('Columns of the table, with the data collection rule stream types (datetime, string, int, long, boolean, dynamic).')
param columns { name: string, type: string }[]

@description('Days the table keeps data interactively; -1 uses the workspace default.')
param retentionInDays int

@description('Days the table keeps data in total (interactive plus long-term); -1 uses the retention above.')
param totalRetentionInDays int

@description('The saved queries: name, description, KQL and function parameters.')
var savedQueries = [
  {
    name: 'incidents-over-time'
    description: 'Events per incident category per period: what happened when, at a glance.'
    parameters: 'period:timespan = 1d, from:datetime = datetime(1970-01-01), to:datetime = datetime(9999-12-31)'
    query: loadTextContent('../queries/incidents-over-time.kql')
  }
  {
    name: 'control-evidence'
    description: 'Every event that evidences one control (framework:id, e.g. soc2:CC7.2) in a period, with its batch and uid for trailnorm prove --uid.'
    parameters: 'control:string, from:datetime = datetime(1970-01-01), to:datetime = datetime(9999-12-31)'
    query: loadTextContent('../queries/control-evidence.kql')
  }
  {
    name: 'root-activity'
    description: 'Activity by the AWS root user or by a break-glass identity (names containing break_glass), as actor or as the signed-in user.'
    parameters: 'break_glass:string = "break-glass", from:datetime = datetime(1970-01-01), to:datetime = datetime(9999-12-31)'
    query: loadTextContent('../queries/root-activity.kql')
  }
  {
    name: 'sign-ins-without-mfa'
    description: 'AWS console and Microsoft Entra ID sign-ins without MFA or that do not say; outcome Success, Failure or * for all.'
    parameters: 'outcome:string = "Success", from:datetime = datetime(1970-01-01), to:datetime = datetime(9999-12-31)'
    query: loadTextContent('../queries/sign-ins-without-mfa.kql')
  }
  {
    name: 'failed-sign-ins-by-ip'
    description: 'Failed sign-ins per source IP: how many, against how many identities, first and last attempt.'
    parameters: 'min_failures:long = 1, from:datetime = datetime(1970-01-01), to:datetime = datetime(9999-12-31)'
    query: loadTextContent('../queries/failed-sign-ins-by-ip.kql')
  }
  {
    name: 'logging-tamper-timeline'
    description: 'Every event tagged incident:logging-tamper (trail, log, diagnostic setting or monitoring impaired), oldest first.'
    parameters: 'from:datetime = datetime(1970-01-01), to:datetime = datetime(9999-12-31)'
    query: loadTextContent('../queries/logging-tamper-timeline.kql')
  }
  {
    name: 'privilege-changes-by-actor'
    description: 'Events tagged incident:privilege-change per actor: how many, which operations, first and last.'
    parameters: 'from:datetime = datetime(1970-01-01), to:datetime = datetime(9999-12-31)'
    query: loadTextContent('../queries/privilege-changes-by-actor.kql')
  }
  {
    name: 'coverage-by-day'
    description: 'Events per cloud, account, region and day, with the hours that had events and the empty days before each (logging gaps).'
    parameters: 'from:datetime = datetime(1970-01-01), to:datetime = datetime(9999-12-31)'
    query: loadTextContent('../queries/coverage-by-day.kql')
  }
]

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' existing = {
  name: workspaceName
}

resource table 'Microsoft.OperationalInsights/workspaces/tables@2025-07-01' = {
  parent: workspace
  name: tableName
  properties: {
    plan: 'Analytics'
    retentionInDays: retentionInDays
    totalRetentionInDays: totalRetentionInDays
    schema: {
      name: tableName
      description: 'OCSF 1.8.0 events normalized by TrailNormalizer, copied from the sealed WORM evidence (the evidence stays the system of record).'
      // The stream's datetime is the table's dateTime; every other type has the same name in both.
      columns: [for column in columns: {
        name: column.name
        type: column.type == 'datetime' ? 'dateTime' : column.type
      }]
    }
  }
}

resource queries 'Microsoft.OperationalInsights/workspaces/savedSearches@2025-07-01' = [for query in savedQueries: {
  parent: workspace
  name: 'trailnormalizer-${query.name}'
  properties: {
    category: 'TrailNormalizer'
    displayName: 'TrailNormalizer: ${query.name}'
    query: query.query
    functionAlias: 'TrailNormalizer_${replace(query.name, '-', '_')}'
    functionParameters: query.parameters
    tags: [
      {
        name: 'description'
        value: query.description
      }
    ]
  }
  dependsOn: [
    table
  ]
}]

@description('Name of the custom table.')
output tableName string = table.name
