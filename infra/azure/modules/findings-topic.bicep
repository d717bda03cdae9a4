// The Event Grid custom topic escalated detection findings are published to, as CloudEvents 1.0. Local (key and SAS)
// authentication is off: only Microsoft Entra tokens of principals holding EventGrid Data Sender on this topic can
// publish. Subscriptions (SIEM, SOAR, ticketing) are left to the user.

@description('Name of the topic.')
param topicName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    minimumTlsVersionAllowed: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

@description('Publish endpoint of the topic (TRAILNORM_FINDINGS_TOPIC_ENDPOINT).')
output endpoint string = topic.properties.endpoint
