package langsmith

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// ListDeployments returns every deployment matching p, following pagination
// to the end (GET /v2/deployments).
func (c *Client) ListDeployments(ctx context.Context, p ListDeploymentsParams) ([]Deployment, error) {
	return listPages(ctx, c, "/v2/deployments", p.query(), p.PageSize, 0, func(d Deployment) string { return d.ID })
}

// query is the filters of p as GET /v2/deployments takes them: lists
// comma-separated, zero values left out.
func (p ListDeploymentsParams) query() url.Values {
	q := url.Values{}
	for key, v := range map[string]string{
		"name":            p.Name,
		"name_contains":   p.NameContains,
		"status":          p.Status,
		"deployment_type": p.DeploymentType,
		"image_version":   p.ImageVersion,
		"deployment_ids":  strings.Join(p.DeploymentIDs, ","),
		"tag_value_ids":   strings.Join(p.TagValueIDs, ","),
		"url":             p.URL,
	} {
		if v != "" {
			q.Set(key, v)
		}
	}
	return q
}

// FindDeploymentByName returns the deployment named exactly name, or (nil,
// nil) if there is none. It sends both name (exact match on newer servers)
// and name_contains (older servers ignore unknown parameters) and filters
// exactly on the client side.
func (c *Client) FindDeploymentByName(ctx context.Context, name string) (*Deployment, error) {
	if name == "" {
		return nil, errors.New("FindDeploymentByName: name is empty")
	}
	all, err := c.ListDeployments(ctx, ListDeploymentsParams{Name: name, NameContains: name})
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Name == name {
			return &all[i], nil
		}
	}
	return nil, nil
}

// CreateDeployment creates a deployment (POST /v2/deployments, 201). Secrets
// is sent as [] when empty. The POST is never repeated blindly: after an
// ambiguous failure the deployment is looked up by name and adopted only by
// the rule in adoption.go (one candidate, created inside the attempt window,
// matching the request); a deployment of that name that is not this
// request's fails the create with an *ExistingObjectError. Only when the
// lookup finds nothing is the POST re-sent (at most MaxRetries times). A 409
// on the first attempt is returned as an *APIError.
func (c *Client) CreateDeployment(ctx context.Context, req *DeploymentCreateRequest) (*Deployment, error) {
	body := *req
	if body.Secrets == nil {
		body.Secrets = []Secret{}
	}
	var d Deployment
	r := &request{method: http.MethodPost, path: "/v2/deployments", body: &body, out: &d}
	w := newAttemptWindow()
	err := c.nonIdempotent(ctx, r, func(ctx context.Context, cause error) (bool, error) {
		return c.adoptDeployment(ctx, req, w, func() error { return cause }, &d)
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// GetDeployment returns one deployment (GET /v2/deployments/{id}). A missing
// deployment is an *APIError for which IsNotFound is true.
func (c *Client) GetDeployment(ctx context.Context, id string) (*Deployment, error) {
	var d Deployment
	if err := c.do(ctx, http.MethodGet, pathf("/v2/deployments/%s", id), nil, nil, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// CreatesRevision reports whether the patch makes the server roll out a new
// revision: it sets SourceRevisionConfig, non-empty Secrets, SecretReferences,
// or SourceConfig's ResourceSpec, InstallCommand or BuildCommand.
func (r *DeploymentPatchRequest) CreatesRevision() bool {
	sc := r.SourceConfig
	return r.SourceRevisionConfig != nil || len(r.Secrets) > 0 || r.SecretReferences != nil ||
		(sc != nil && (sc.ResourceSpec != nil || sc.InstallCommand != nil || sc.BuildCommand != nil))
}

// PatchDeployment updates a deployment (PATCH /v2/deployments/{id}). A patch
// that creates no revision is idempotent and retried like a GET. One that
// creates a revision is never blindly repeated: after an ambiguous failure the
// deployment is read back, and if its latest_revision_id differs from
// req.ExpectedLatestRevisionID the patch was applied and that deployment is
// returned; otherwise the patch is re-sent (at most MaxRetries times). When
// ExpectedLatestRevisionID is empty, the deployment is read first to learn it.
func (c *Client) PatchDeployment(ctx context.Context, id string, req *DeploymentPatchRequest) (*Deployment, error) {
	var d Deployment
	r := &request{method: http.MethodPatch, path: pathf("/v2/deployments/%s", id), body: req, out: &d}
	if !req.CreatesRevision() {
		if err := c.send(ctx, r); err != nil {
			return nil, err
		}
		return &d, nil
	}
	expected := req.ExpectedLatestRevisionID
	if expected == "" {
		cur, err := c.GetDeployment(ctx, id)
		if err != nil {
			return nil, err
		}
		expected = deref(cur.LatestRevisionID)
	}
	if err := c.nonIdempotent(ctx, r, c.revisionMoved(id, expected, &d)); err != nil {
		return nil, err
	}
	return &d, nil
}

// revisionMoved returns a check for nonIdempotent: it reads the deployment
// and, when latest_revision_id is no longer expected, stores it in out and
// reports the request as applied.
func (c *Client) revisionMoved(id, expected string, out *Deployment) func(context.Context, error) (bool, error) {
	return func(ctx context.Context, _ error) (bool, error) {
		cur, err := c.GetDeployment(ctx, id)
		if err != nil {
			return false, err
		}
		if deref(cur.LatestRevisionID) == expected {
			return false, nil
		}
		*out = *cur
		return true, nil
	}
}

// DeleteDeploymentParams are the query flags of DELETE /v2/deployments/{id}.
type DeleteDeploymentParams struct {
	// DeleteTracingProject also deletes the tracing project of the same name,
	// so the name can be reused.
	DeleteTracingProject bool
	// Force removes an already soft-deleted deployment's metadata.
	Force bool
}

// DeleteDeployment deletes a deployment (DELETE /v2/deployments/{id}, 204).
// Only flags that are true are sent. A 404 is returned as an *APIError; the
// caller decides whether that counts as success.
func (c *Client) DeleteDeployment(ctx context.Context, id string, p DeleteDeploymentParams) error {
	q := url.Values{}
	if p.DeleteTracingProject {
		q.Set("delete_tracing_project", "true")
	}
	if p.Force {
		q.Set("force", "true")
	}
	return c.do(ctx, http.MethodDelete, pathf("/v2/deployments/%s", id), q, nil, nil)
}

// deref returns *s, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
