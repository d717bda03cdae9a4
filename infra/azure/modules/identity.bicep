// The user-assigned identity the Function App runs as. User-assigned (not system-assigned) so its role
// assignments exist before the app first starts and AZURE_CLIENT_ID can name it.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags { *: string }

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Client (application) id, passed to the handler as AZURE_CLIENT_ID.')
output clientId string = identity.properties.clientId

@description('Object id used in role assignments.')
output principalId string = identity.properties.principalId
