// Event Grid delivery to the handler:
// - a system topic on this resource group (ARM write/delete/action events) and
// - a system topic on the diagnostic-log account, whose BlobCreated events for the insights-* containers
//   point the handler at new Activity Log / Notification Hubs / Key Vault audit blobs.
// Each subscription retries for a day, then dead-letters into the runtime account using the topic's own
// managed identity (shared keys are disabled there). Subscriptions need the EventGrid (or Webhook)
// function to exist, so they are created only once the code is deployed (createSubscriptions).

@description('Azure region of the log account topic.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the resource-group system topic.')
param resourceGroupTopicName string

@description('Name of the log-account system topic.')
param logTopicName string

@description('Name of the diagnostic-log storage account.')
param logAccountName string

@description('Diagnostic-log containers whose BlobCreated events are delivered.')
param diagnosticContainers string[]

@description('Name of the runtime storage account holding the dead-letter container.')
param runtimeAccountName string

@description('Name of the dead-letter container.')
param deadLetterContainerName string

@description('Name of the Function App.')
param functionAppName string

@description('Default host name of the Function App (WebHook delivery).')
param functionHostName string

@description('Create the event subscriptions (the functions must already be deployed).')
param createSubscriptions bool

@description('Deliver to the EventGrid function (AzureFunction) or to the Webhook function with a static secret header.')
@allowed([
  'AzureFunction'
  'WebHook'
])
param eventDelivery string

@description('Secret sent in X-TrailNorm-Key with WebHook delivery.')
@secure()
param webhookKey string

@description('Delivery attempts before an event is dead-lettered.')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int

@description('Minutes an event is retried before it is dead-lettered.')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int

@description('Storage Blob Data Contributor, granted to the topics on the dead-letter container only.')
var blobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

@description('ARM resource events that describe control-plane changes.')
var resourceEventTypes = [
  'Microsoft.Resources.ResourceWriteSuccess'
  'Microsoft.Resources.ResourceWriteFailure'
  'Microsoft.Resources.ResourceDeleteSuccess'
  'Microsoft.Resources.ResourceDeleteFailure'
  'Microsoft.Resources.ResourceActionSuccess'
  'Microsoft.Resources.ResourceActionFailure'
]

resource logAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: logAccountName
}

resource runtimeAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: runtimeAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetterContainer 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName

  resource eventGridFunction 'functions' existing = {
    name: 'EventGrid'
  }
}

@description('Where both subscriptions deliver.')
var destination = eventDelivery == 'AzureFunction'
  ? {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: site::eventGridFunction.id
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
  : {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionHostName}/api/Webhook'
        // The Webhook function stores a whole array of events per request, so batching divides executions and
        // evidence writes by up to 100; a storage failure fails the request and Event Grid retries the batch.
        maxEventsPerBatch: 100
        preferredBatchSizeInKilobytes: 1024
        deliveryAttributeMappings: [
          {
            name: 'X-TrailNorm-Key'
            type: 'Static'
            properties: {
              value: webhookKey
              isSecret: true
            }
          }
        ]
      }
    }

@description('Subject prefixes of blobs created in the diagnostic-log containers.')
var diagnosticSubjectPrefixes = [for container in diagnosticContainers: '/blobServices/default/containers/${container}/']

@description('Dead-letter target: the runtime account, written with the topic identity.')
var deadLetterDestination = {
  endpointType: 'StorageBlob'
  properties: {
    resourceId: runtimeAccount.id
    blobContainerName: deadLetterContainerName
  }
}

resource resourceGroupTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: resourceGroupTopicName
  location: 'global'
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: resourceGroup().id
    topicType: 'Microsoft.Resources.ResourceGroups'
  }
}

resource logTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: logTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: logAccount.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource resourceGroupTopicDeadLetter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: runtimeAccount::blobService::deadLetterContainer
  name: guid(runtimeAccount::blobService::deadLetterContainer.id, resourceGroupTopicName, blobDataContributorRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributorRoleId)
    principalId: resourceGroupTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logTopicDeadLetter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: runtimeAccount::blobService::deadLetterContainer
  name: guid(runtimeAccount::blobService::deadLetterContainer.id, logTopicName, blobDataContributorRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributorRoleId)
    principalId: logTopic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource resourceEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (createSubscriptions) {
  parent: resourceGroupTopic
  name: 'trailnormalizer-resource-events'
  properties: {
    destination: destination
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: resourceEventTypes
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: deadLetterDestination
    }
  }
  dependsOn: [
    resourceGroupTopicDeadLetter
  ]
}

resource diagnosticLogBlobs 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (createSubscriptions) {
  parent: logTopic
  name: 'trailnormalizer-diagnostic-logs'
  properties: {
    destination: destination
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      advancedFilters: [
        {
          operatorType: 'StringBeginsWith'
          key: 'subject'
          values: diagnosticSubjectPrefixes
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: deadLetterDestination
    }
  }
  dependsOn: [
    logTopicDeadLetter
  ]
}
