// Microsoft Sentinel on the workspace (optional): onboarding, and one scheduled analytics rule per incident category
// of the built-in rules (docs/rules.md) over TrailNormalizer_CL, one alert per matching event. Deployed in the
// workspace's resource group after the table exists.

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('How often each rule runs and how far back it looks (ISO 8601 duration, e.g. PT15M).')
param queryFrequency string

@description('The incident categories and the Sentinel severity and MITRE tactics of each.')
var categories = [
  {
    name: 'logging-tamper'
    severity: 'High'
    tactics: [
      'DefenseEvasion'
    ]
  }
  {
    name: 'guardrail-removal'
    severity: 'High'
    tactics: [
      'DefenseEvasion'
    ]
  }
  {
    name: 'credential-access'
    severity: 'High'
    tactics: [
      'CredentialAccess'
    ]
  }
  {
    name: 'remote-execution'
    severity: 'High'
    tactics: [
      'Execution'
    ]
  }
  {
    name: 'data-exposure'
    severity: 'High'
    tactics: [
      'Exfiltration'
    ]
  }
  {
    name: 'privilege-change'
    severity: 'Medium'
    tactics: [
      'PrivilegeEscalation'
      'Persistence'
    ]
  }
  {
    name: 'network-exposure'
    severity: 'Medium'
    tactics: [
      'DefenseEvasion'
    ]
  }
  {
    name: 'encryption-weakened'
    severity: 'Medium'
    tactics: [
      'DefenseEvasion'
    ]
  }
  {
    name: 'comms-channel-change'
    severity: 'Low'
    tactics: [
      'DefenseEvasion'
    ]
  }
  {
    name: 'patch-compliance'
    severity: 'Low'
    tactics: []
  }
  {
    name: 'change-management'
    severity: 'Informational'
    tactics: []
  }
]

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' existing = {
  name: workspaceName
}

resource onboarding 'Microsoft.SecurityInsights/onboardingStates@2025-09-01' = {
  scope: workspace
  name: 'default'
  properties: {}
}

resource rules 'Microsoft.SecurityInsights/alertRules@2025-09-01' = [for category in categories: {
  scope: workspace
  name: guid(workspace.id, 'trailnormalizer-incident', category.name)
  kind: 'Scheduled'
  properties: {
    displayName: 'TrailNormalizer: incident:${category.name}'
    description: 'An event the TrailNormalizer built-in Sigma rules tagged incident:${category.name}. The evidence is the batch named in the alert; prove the event with trailnorm prove --uid <metadata_uid>.'
    enabled: true
    severity: category.severity
    tactics: category.tactics
    query: replace(loadTextContent('../queries/incident-category-rule.kql'), '{category}', category.name)
    queryFrequency: queryFrequency
    queryPeriod: queryFrequency
    triggerOperator: 'GreaterThan'
    triggerThreshold: 0
    suppressionDuration: 'PT1H'
    suppressionEnabled: false
    eventGroupingSettings: {
      aggregationKind: 'AlertPerResult'
    }
    customDetails: {
      metadata_uid: 'metadata_uid'
      batch: 'batch'
      api_operation: 'api_operation'
    }
  }
  dependsOn: [
    onboarding
  ]
}]

@description('Number of analytics rules deployed.')
output ruleCount int = length(categories)
