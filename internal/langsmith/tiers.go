package langsmith

import (
	"context"
	"net/http"
)

// The deployment tiers (contract §3.4, §5.10). Serverless deployments take
// SERVERLESS_*, dedicated ones DEDICATED_*; the database tier applies to
// dedicated deployments only.
const (
	TierServerlessS = "SERVERLESS_S"
	TierServerlessM = "SERVERLESS_M"
	TierServerlessL = "SERVERLESS_L"
	TierDedicatedS  = "DEDICATED_S"
	TierDedicatedM  = "DEDICATED_M"
	TierDedicatedL  = "DEDICATED_L"
)

// DeploymentTiers lists every DeploymentTier value.
var DeploymentTiers = []string{TierServerlessS, TierServerlessM, TierServerlessL, TierDedicatedS, TierDedicatedM, TierDedicatedL}

// ResourceTiersRequest is the body of PATCH .../resource-tiers. A nil tier
// keeps the current one; at least one must be set.
type ResourceTiersRequest struct {
	ComputeTier  *string `json:"compute_tier"`
	DatabaseTier *string `json:"database_tier"`
}

// SetDeploymentTier selects a deployment's tier (PATCH
// /v2/deployments/{id}/deployment-tier, 200 Deployment). The change rolls out
// a new revision, so the request is not blindly repeated: after an ambiguous
// failure the deployment is read back, and a latest_revision_id other than
// expectedLatestRevisionID (read first when empty) means it was applied.
func (c *Client) SetDeploymentTier(ctx context.Context, id, tier, expectedLatestRevisionID string) (*Deployment, error) {
	body := map[string]string{"deployment_tier": tier}
	return c.revisionCreatingPatch(ctx, id, "/v2/deployments/%s/deployment-tier", body, expectedLatestRevisionID)
}

// SetResourceTiers selects a deployment's compute and database tiers (PATCH
// /v2/deployments/{id}/resource-tiers, 200 Deployment), with the same
// ambiguity rule as SetDeploymentTier.
func (c *Client) SetResourceTiers(ctx context.Context, id string, req ResourceTiersRequest, expectedLatestRevisionID string) (*Deployment, error) {
	return c.revisionCreatingPatch(ctx, id, "/v2/deployments/%s/resource-tiers", req, expectedLatestRevisionID)
}

func (c *Client) revisionCreatingPatch(ctx context.Context, id, format string, body any, expected string) (*Deployment, error) {
	if expected == "" {
		cur, err := c.GetDeployment(ctx, id)
		if err != nil {
			return nil, err
		}
		expected = deref(cur.LatestRevisionID)
	}
	var d Deployment
	r := &request{method: http.MethodPatch, path: pathf(format, id), body: body, out: &d}
	if err := c.nonIdempotent(ctx, r, c.revisionMoved(id, expected, &d)); err != nil {
		return nil, err
	}
	return &d, nil
}
