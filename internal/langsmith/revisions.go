package langsmith

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// ListRevisions returns a deployment's revisions, newest first
// (GET /v2/deployments/{id}/revisions). Pages hold min(100, revisions still
// wanted); p.Limit > 0 caps the total and stops early.
func (c *Client) ListRevisions(ctx context.Context, deploymentID string, p ListRevisionsParams) ([]Revision, error) {
	q := url.Values{}
	if len(p.Status) > 0 {
		q.Set("status", strings.Join(p.Status, ","))
	}
	path := pathf("/v2/deployments/%s/revisions", deploymentID)
	return listPages(ctx, c, path, q, 100, max(p.Limit, 0), func(r Revision) string { return r.ID })
}

// LatestRevision returns the newest revision of a deployment (limit=1), or
// (nil, nil) when it has none.
func (c *Client) LatestRevision(ctx context.Context, deploymentID string) (*Revision, error) {
	revs, err := c.ListRevisions(ctx, deploymentID, ListRevisionsParams{Limit: 1})
	if err != nil || len(revs) == 0 {
		return nil, err
	}
	return &revs[0], nil
}

// GetRevision returns one revision (GET /v2/deployments/{id}/revisions/{revision_id}).
// A 404 may mean only the revision is gone, not the deployment.
func (c *Client) GetRevision(ctx context.Context, deploymentID, revisionID string) (*Revision, error) {
	var r Revision
	if err := c.do(ctx, http.MethodGet, pathf("/v2/deployments/%s/revisions/%s", deploymentID, revisionID), nil, nil, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// RedeployRevision redeploys a revision (POST
// /v2/deployments/{id}/revisions/{revision_id}/redeploy, no body, 200
// Deployment). After an ambiguous failure the deployment is read back: if its
// latest_revision_id differs from expectedLatestRevisionID (the value before
// the call; when empty, the deployment is read first to learn it), the
// redeploy was applied and that deployment is returned; otherwise it is
// re-sent (at most MaxRetries times).
func (c *Client) RedeployRevision(ctx context.Context, deploymentID, revisionID, expectedLatestRevisionID string) (*Deployment, error) {
	if expectedLatestRevisionID == "" {
		cur, err := c.GetDeployment(ctx, deploymentID)
		if err != nil {
			return nil, err
		}
		expectedLatestRevisionID = deref(cur.LatestRevisionID)
	}
	var d Deployment
	r := &request{method: http.MethodPost, path: pathf("/v2/deployments/%s/revisions/%s/redeploy", deploymentID, revisionID), out: &d}
	if err := c.nonIdempotent(ctx, r, c.revisionMoved(deploymentID, expectedLatestRevisionID, &d)); err != nil {
		return nil, err
	}
	return &d, nil
}

// CreateRevision creates a revision (POST /v2/deployments/{id}/revisions,
// 201 Revision, §5.9). It always creates one, so it is not blindly repeated:
// after an ambiguous failure the deployment is read back, and a
// latest_revision_id other than req.ExpectedLatestRevisionID (read first
// when empty) means the request was applied; that revision is returned (as
// its ID only). Older servers answer 404 or 405 for this route
// (IsRouteMissing): callers fall back to PatchDeployment.
func (c *Client) CreateRevision(ctx context.Context, deploymentID string, req *RevisionCreateRequest) (*Revision, error) {
	expected := req.ExpectedLatestRevisionID
	if expected == "" {
		cur, err := c.GetDeployment(ctx, deploymentID)
		if err != nil {
			return nil, err
		}
		expected = deref(cur.LatestRevisionID)
	}
	var rev Revision
	var moved Deployment
	r := &request{method: http.MethodPost, path: pathf("/v2/deployments/%s/revisions", deploymentID), body: req, out: &rev}
	if err := c.nonIdempotent(ctx, r, c.revisionMoved(deploymentID, expected, &moved)); err != nil {
		return nil, err
	}
	if rev.ID == "" && moved.LatestRevisionID != nil {
		rev = Revision{ID: *moved.LatestRevisionID}
	}
	return &rev, nil
}

// IsRouteMissing reports whether err is the 404 or 405 an older server
// answers for a route it does not have. A 404 whose detail names the
// deployment ("Deployment ID ... not found.") is the deployment missing,
// not the route.
func IsRouteMissing(err error) bool {
	switch StatusCode(err) {
	case http.StatusMethodNotAllowed:
		return true
	case http.StatusNotFound:
		var apiErr *APIError
		return errors.As(err, &apiErr) && !strings.Contains(apiErr.Detail, "not found.")
	}
	return false
}
