package langsmith

import (
	"context"
	"net/http"
)

// ListListeners returns every listener of the workspace, following pagination
// to the end (GET /v2/listeners).
func (c *Client) ListListeners(ctx context.Context) ([]Listener, error) {
	return listPages(ctx, c, "/v2/listeners", nil, 100, 0, func(l Listener) string { return l.ID })
}

// CreateListener registers a listener (POST /v2/listeners, 201). After an
// ambiguous failure the listener is looked up by compute_id and adopted only
// by the rule in adoption.go; another listener with that compute_id fails the
// create with an *ExistingObjectError, none means the POST is re-sent. A
// duplicate compute_id on the first attempt is a 409 *APIError.
func (c *Client) CreateListener(ctx context.Context, req *ListenerCreateRequest) (*Listener, error) {
	var l Listener
	r := &request{method: http.MethodPost, path: "/v2/listeners", body: req, out: &l}
	w := newAttemptWindow()
	err := c.nonIdempotent(ctx, r, func(ctx context.Context, cause error) (bool, error) {
		return c.adoptListener(ctx, req, w, func() error { return cause }, &l)
	})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// GetListener returns one listener (GET /v2/listeners/{id}).
func (c *Client) GetListener(ctx context.Context, id string) (*Listener, error) {
	var l Listener
	if err := c.do(ctx, http.MethodGet, pathf("/v2/listeners/%s", id), nil, nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// PatchListener updates a listener's version or namespaces (PATCH
// /v2/listeners/{id}); the patch is idempotent and retried like a GET.
func (c *Client) PatchListener(ctx context.Context, id string, req *ListenerPatchRequest) (*Listener, error) {
	var l Listener
	if err := c.do(ctx, http.MethodPatch, pathf("/v2/listeners/%s", id), nil, req, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// DeleteListener deletes a listener (DELETE /v2/listeners/{id}, 204). A 404 is
// returned as an *APIError; the caller decides whether that counts as success.
func (c *Client) DeleteListener(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, pathf("/v2/listeners/%s", id), nil, nil, nil)
}
