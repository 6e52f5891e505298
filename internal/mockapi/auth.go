package mockapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

// authProvider is an OAuth provider of the Auth service (contract §10). The
// client secret is stored but never rendered.
type authProvider struct {
	id                  string
	providerID          string
	name                string
	clientID            string
	clientSecret        *string
	authURL             string
	tokenURL            string
	usesPKCE            bool
	codeChallengeMethod string
	providerType        *string
	tokenAuthMethod     string
	authorizationParams map[string]any // nil renders as null; never empty
	redirectURIs        []any          // nil renders as null; never empty
	// mcpServerURL and dynamicClient are set only for a provider created by
	// MCP discovery (dynamic client registration); the manual create and the
	// update cannot set or change them.
	mcpServerURL  *string
	dynamicClient bool
	createdAt     time.Time
	updatedAt     time.Time
}

// render returns OAuthProviderResponse. default_redirect_uri is the callback
// URL on the base the request came in on.
func (p *authProvider) render(c *call, orgID string) map[string]any {
	var params, uris any
	if p.authorizationParams != nil {
		params = p.authorizationParams
	}
	if p.redirectURIs != nil {
		uris = p.redirectURIs
	}
	return map[string]any{
		"id":                         p.id,
		"organization_id":            orgID,
		"provider_id":                p.providerID,
		"name":                       p.name,
		"client_id":                  p.clientID,
		"auth_url":                   p.authURL,
		"token_url":                  p.tokenURL,
		"uses_pkce":                  p.usesPKCE,
		"code_challenge_method":      p.codeChallengeMethod,
		"provider_type":              ptrOrNil(p.providerType),
		"mcp_server_url":             ptrOrNil(p.mcpServerURL),
		"token_endpoint_auth_method": p.tokenAuthMethod,
		"is_dynamic_client":          p.dynamicClient,
		"authorization_params":       params,
		"allowed_redirect_uris":      uris,
		"default_redirect_uri":       c.baseURL() + "/v2/auth/callback/" + p.providerID,
		"created_at":                 ts(p.createdAt),
		"updated_at":                 ts(p.updatedAt),
	}
}

// baseURL is the control-plane base the request was addressed to.
func (c *call) baseURL() string {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	base := scheme + "://" + c.r.Host
	if c.prefixed {
		base += apiHostPrefix
	}
	return base
}

func (t *tenant) findProvider(providerID string) (int, *authProvider) {
	for i, p := range t.org.providers {
		if p.providerID == providerID {
			return i, p
		}
	}
	return -1, nil
}

// listProviders serves GET /v2/auth/providers: a bare array, oldest first.
func (s *Server) listProviders(c *call) {
	out := make([]any, 0, len(c.tenant.org.providers))
	for _, p := range c.tenant.org.providers {
		out = append(out, p.render(c, c.tenant.org.id))
	}
	c.json(http.StatusOK, out)
}

// createProvider serves POST /v2/auth/providers: 200 (not 201) with the
// provider, 409 for a provider_id already in use.
func (s *Server) createProvider(c *call) {
	body := c.bodyModel(providerCreateSchema)
	if c.invalid() {
		return
	}
	providerID := getStr(body, "provider_id")
	if _, p := c.tenant.findProvider(providerID); p != nil {
		c.detail(http.StatusConflict, "Provider "+providerID+" already exists.")
		return
	}
	p := &authProvider{
		id:                  uuid.NewString(),
		providerID:          providerID,
		name:                getStr(body, "name"),
		clientID:            getStr(body, "client_id"),
		clientSecret:        strPtr(body["client_secret"]),
		authURL:             getStr(body, "auth_url"),
		tokenURL:            getStr(body, "token_url"),
		codeChallengeMethod: "S256",
		providerType:        strPtr(body["provider_type"]),
		tokenAuthMethod:     "client_secret_post",
		createdAt:           c.now,
		updatedAt:           c.now,
	}
	p.usesPKCE, _ = body["uses_pkce"].(bool)
	if v, ok := body["code_challenge_method"].(string); ok {
		p.codeChallengeMethod = v
	}
	if v, ok := body["token_endpoint_auth_method"].(string); ok {
		p.tokenAuthMethod = v
	}
	p.setRedirectSettings(body)
	c.tenant.org.providers = append(c.tenant.org.providers, p)
	c.json(http.StatusOK, p.render(c, c.tenant.org.id))
}

// setRedirectSettings applies the authorization_params and
// allowed_redirect_uris of a validated create or update body. A null or
// absent one leaves the stored value; an empty one is stored as none, so it
// renders as null, not as {} or [].
func (p *authProvider) setRedirectSettings(body map[string]any) {
	if v, ok := body["authorization_params"].(map[string]any); ok {
		p.authorizationParams = v
		if len(v) == 0 {
			p.authorizationParams = nil
		}
	}
	if v, ok := body["allowed_redirect_uris"].([]any); ok {
		p.redirectURIs = v
		if len(v) == 0 {
			p.redirectURIs = nil
		}
	}
}

// getProvider serves GET /v2/auth/providers/{provider_id} (the user-chosen
// provider_id, not the generated id).
func (s *Server) getProvider(c *call) {
	providerID := c.params["provider_id"]
	_, p := c.tenant.findProvider(providerID)
	if p == nil {
		c.detail(http.StatusNotFound, "Provider "+providerID+" not found.")
		return
	}
	c.json(http.StatusOK, p.render(c, c.tenant.org.id))
}

// patchProvider serves PATCH /v2/auth/providers/{provider_id}: non-null
// fields change (an empty authorization_params or allowed_redirect_uris
// clears it, so it renders null); provider_type and
// token_endpoint_auth_method are not part of the update model and are
// ignored.
func (s *Server) patchProvider(c *call) {
	providerID := c.params["provider_id"]
	body := c.bodyModel(providerUpdateSchema)
	if c.invalid() {
		return
	}
	_, p := c.tenant.findProvider(providerID)
	if p == nil {
		c.detail(http.StatusNotFound, "Provider "+providerID+" not found.")
		return
	}
	for key, dst := range map[string]*string{
		"name":                  &p.name,
		"client_id":             &p.clientID,
		"auth_url":              &p.authURL,
		"token_url":             &p.tokenURL,
		"code_challenge_method": &p.codeChallengeMethod,
	} {
		if v, ok := body[key].(string); ok {
			*dst = v
		}
	}
	if v := strPtr(body["client_secret"]); v != nil {
		p.clientSecret = v
	}
	if v, ok := body["uses_pkce"].(bool); ok {
		p.usesPKCE = v
	}
	p.setRedirectSettings(body)
	p.updatedAt = c.now
	c.json(http.StatusOK, p.render(c, c.tenant.org.id))
}

// deleteProvider serves DELETE /v2/auth/providers/{provider_id}: 200 with a
// JSON null body (the handler returns nothing), 404 for an unknown provider.
func (s *Server) deleteProvider(c *call) {
	providerID := c.params["provider_id"]
	i, p := c.tenant.findProvider(providerID)
	if p == nil {
		c.detail(http.StatusNotFound, "Provider "+providerID+" not found.")
		return
	}
	c.tenant.org.providers = append(c.tenant.org.providers[:i], c.tenant.org.providers[i+1:]...)
	c.json(http.StatusOK, nil)
}

// DiscoverOAuthProvider adds an OAuth provider to the organization (workspace
// names the X-Tenant-Id value it comes through, "" for none) as
// POST /v2/auth/providers/mcp-discover would (§10): the endpoints come from
// the MCP server's metadata, the client is registered dynamically (a
// generated client_id, PKCE, no secret), and mcp_server_url and
// is_dynamic_client are set. It is how tests get a provider Terraform did not
// create, with the fields only discovery sets. It reports false when the
// provider_id is taken.
func (s *Server) DiscoverOAuthProvider(workspace, providerID, name, mcpServerURL string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenantFor(workspace)
	if _, p := t.findProvider(providerID); p != nil {
		return false
	}
	now := s.now().UTC()
	base := strings.TrimSuffix(mcpServerURL, "/")
	t.org.providers = append(t.org.providers, &authProvider{
		id:                  uuid.NewString(),
		providerID:          providerID,
		name:                name,
		clientID:            "dcr-" + hexOf(16, providerID, mcpServerURL),
		authURL:             base + "/authorize",
		tokenURL:            base + "/token",
		usesPKCE:            true,
		codeChallengeMethod: "S256",
		tokenAuthMethod:     "none",
		mcpServerURL:        &mcpServerURL,
		dynamicClient:       true,
		createdAt:           now,
		updatedAt:           now,
	})
	return true
}

// OAuthProviders returns every OAuth provider of the organization (id,
// provider_id, name, created_at and the client_secret the API keeps but
// never returns), for tests that compare the API with Terraform's state.
func (s *Server) OAuthProviders() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	if s.org != nil {
		for _, p := range s.org.providers {
			out = append(out, map[string]any{"id": p.id, "provider_id": p.providerID, "name": p.name, "created_at": ts(p.createdAt),
				"client_secret": ptrOrNil(p.clientSecret)})
		}
	}
	return out
}
