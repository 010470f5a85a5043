// No import of oidc-provider here: the /mcp auth hook and the routes use these without loading it.

/** The one scope: the tools are read-only anyway. */
export const MCP_SCOPE = 'mcp'

/** Where oidc-provider's endpoints live, under /oauth (the discovery documents name them). */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  registration: '/oauth/register',
  revocation: '/oauth/revoke',
  jwks: '/oauth/jwks'
} as const

export const INTERACTION_PATH = '/oauth/interaction'

/** The protected resource: the MCP endpoint. */
export function resourceOf (publicUrl: string): string {
  return `${publicUrl}/mcp`
}

export const PROTECTED_RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource'

/** Where a 401 from /mcp points clients (RFC 9728 §5.1). */
export function resourceMetadataUrl (publicUrl: string): string {
  return `${publicUrl}${PROTECTED_RESOURCE_METADATA_PATH}/mcp`
}

/** RFC 9728 Protected Resource Metadata for /mcp. */
export function protectedResourceMetadata (publicUrl: string): Record<string, unknown> {
  return {
    resource: resourceOf(publicUrl),
    authorization_servers: [publicUrl],
    bearer_methods_supported: ['header'],
    scopes_supported: [MCP_SCOPE],
    resource_name: 'aegis-gitea-mcp'
  }
}

/**
 * RFC 8414 Authorization Server Metadata, from the same route table the
 * provider is configured with. oidc-provider's own document would also list
 * OpenID Connect's `openid` scope and ID token algorithms; this one says what
 * an MCP client needs and nothing it must not rely on.
 */
export function authorizationServerMetadata (publicUrl: string): Record<string, unknown> {
  const url = (path: string): string => `${publicUrl}${path}`
  return {
    issuer: publicUrl,
    authorization_endpoint: url(OAUTH_ROUTES.authorization),
    token_endpoint: url(OAUTH_ROUTES.token),
    registration_endpoint: url(OAUTH_ROUTES.registration),
    revocation_endpoint: url(OAUTH_ROUTES.revocation),
    jwks_uri: url(OAUTH_ROUTES.jwks),
    scopes_supported: [MCP_SCOPE],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true
  }
}
