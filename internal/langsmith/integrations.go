package langsmith

import (
	"context"
	"net/http"
)

// ListGithubIntegrations returns the workspace's GitHub App installations
// (GET /v1/integrations/github/install, a bare array). Their ID is what
// source_config.integration_id takes.
func (c *Client) ListGithubIntegrations(ctx context.Context) ([]GithubIntegration, error) {
	var out []GithubIntegration
	if err := c.do(ctx, http.MethodGet, "/v1/integrations/github/install", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListGithubRepositories returns the repositories reachable through an
// integration (GET /v1/integrations/github/{id}/repos, a bare array).
func (c *Client) ListGithubRepositories(ctx context.Context, integrationID string) ([]GithubRepository, error) {
	var out []GithubRepository
	if err := c.do(ctx, http.MethodGet, pathf("/v1/integrations/github/%s/repos", integrationID), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}
