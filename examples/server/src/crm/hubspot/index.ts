// The HubSpot connector's public surface for the rest of the server.
export { candidateFilterGroups } from './candidate-query.js'
export {
  authorizationUrl,
  connectWithAuthorizationCode,
  connectWithRefreshToken,
  type HubSpotConnection,
  HubSpotConnectionSchema,
  parseHubSpotConnection,
  REQUIRED_SCOPES,
} from './connection.js'
export { createHubSpotConnector, type HubSpotConnectorOptions } from './connector.js'
export { HubSpotError, type HubSpotErrorCode, isHubSpotError } from './error.js'
export type { HubSpotTransportOptions } from './http.js'
export {
  CONTACT_PROPERTIES,
  fromHubSpotContact,
  type HubSpotMappingOptions,
  type HubSpotObject,
  toCreateProperties,
  toUpdateProperties,
} from './mapping.js'
export {
  createSealedTokenVault,
  type HubSpotTokens,
  type SealedTokenVaultOptions,
  type TokenSealer,
  type TokenVault,
} from './token-vault.js'
