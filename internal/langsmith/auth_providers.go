package langsmith

import (
	"context"
	"net/http"
)

// ListOAuthProviders returns the organization's OAuth providers
// (GET /v2/auth/providers, a bare array).
func (c *Client) ListOAuthProviders(ctx context.Context) ([]OAuthProvider, error) {
	var out []OAuthProvider
	if err := c.do(ctx, http.MethodGet, "/v2/auth/providers", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateOAuthProvider creates an OAuth provider (POST /v2/auth/providers,
// 200). After an ambiguous failure the provider is looked up by provider_id
// and adopted only by the rule in adoption.go; another provider with that
// provider_id fails the create with an *ExistingObjectError, none (404) means
// the POST is re-sent.
func (c *Client) CreateOAuthProvider(ctx context.Context, req *OAuthProviderCreateRequest) (*OAuthProvider, error) {
	var p OAuthProvider
	r := &request{method: http.MethodPost, path: "/v2/auth/providers", body: req, out: &p}
	w := newAttemptWindow()
	err := c.nonIdempotent(ctx, r, func(ctx context.Context, cause error) (bool, error) {
		return c.adoptOAuthProvider(ctx, req, w, func() error { return cause }, &p)
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// GetOAuthProvider returns one OAuth provider by its provider_id
// (GET /v2/auth/providers/{provider_id}).
func (c *Client) GetOAuthProvider(ctx context.Context, providerID string) (*OAuthProvider, error) {
	var p OAuthProvider
	if err := c.do(ctx, http.MethodGet, pathf("/v2/auth/providers/%s", providerID), nil, nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// UpdateOAuthProvider updates an OAuth provider (PATCH
// /v2/auth/providers/{provider_id}); the patch is idempotent and retried like a GET.
func (c *Client) UpdateOAuthProvider(ctx context.Context, providerID string, req *OAuthProviderUpdateRequest) (*OAuthProvider, error) {
	var p OAuthProvider
	if err := c.do(ctx, http.MethodPatch, pathf("/v2/auth/providers/%s", providerID), nil, req, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// DeleteOAuthProvider deletes an OAuth provider (DELETE
// /v2/auth/providers/{provider_id}, 200 or 204; any body is ignored).
func (c *Client) DeleteOAuthProvider(ctx context.Context, providerID string) error {
	return c.do(ctx, http.MethodDelete, pathf("/v2/auth/providers/%s", providerID), nil, nil, nil)
}
