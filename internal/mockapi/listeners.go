package mockapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

// listener is a self-hosted/hybrid listener (contract §9).
type listener struct {
	id         string
	computeID  string
	namespaces []string // nil renders as null; never empty
	version    *string
	createdAt  time.Time
	updatedAt  time.Time
}

func (l *listener) render() map[string]any {
	var ns any
	if l.namespaces != nil {
		items := make([]any, len(l.namespaces))
		for i, n := range l.namespaces {
			items[i] = n
		}
		ns = items
	}
	return map[string]any{
		"id":             l.id,
		"compute_type":   "k8s",
		"compute_id":     l.computeID,
		"compute_config": map[string]any{"k8s_namespaces": ns},
		"version":        ptrOrNil(l.version),
		"created_at":     ts(l.createdAt),
		"updated_at":     ts(l.updatedAt),
	}
}

func (t *tenant) findListener(id string) *listener {
	for _, l := range t.listeners {
		if l.id == id {
			return l
		}
	}
	return nil
}

// listenersForbidden answers 403 when the server imitates an organisation
// without the self-hosted enterprise plan, and reports whether it did.
func (s *Server) listenersForbidden(c *call) bool {
	if !s.opts.ListenersForbidden {
		return false
	}
	c.detail(http.StatusForbidden, "Listeners cannot be created for LangSmith workspace ID '"+c.tenant.id+"'. Creating listeners is only allowed for LangSmith organizations with self-hosted enterprise plans.")
	return true
}

// listListeners serves GET /v2/listeners: the tenant's listeners newest
// first, paginated.
func (s *Server) listListeners(c *call) {
	if s.listenersForbidden(c) {
		return
	}
	limit := c.queryInt("limit", 20, 1, 100)
	offset := c.queryInt("offset", 0, 0, -1)
	if c.invalid() {
		return
	}
	ls := c.tenant.listeners
	lo, hi := page(len(ls), limit, offset)
	resources := make([]any, 0, hi-lo)
	for i := lo; i < hi; i++ {
		resources = append(resources, ls[len(ls)-1-i].render())
	}
	c.json(http.StatusOK, map[string]any{"resources": resources, "offset": offset + len(resources)})
}

// createListener serves POST /v2/listeners: 201 with the Listener, 409 when
// the tenant already has a listener for the compute_id.
func (s *Server) createListener(c *call) {
	if s.listenersForbidden(c) {
		return
	}
	body := c.bodyModel(listenerCreateSchema)
	if c.invalid() {
		return
	}
	computeID := getStr(body, "compute_id")
	for _, l := range c.tenant.listeners {
		if l.computeID == computeID {
			c.detail(http.StatusConflict, "Listener for LangSmith workspace ID '"+c.tenant.id+"' and compute ID '"+computeID+"' already exists.")
			return
		}
	}
	l := &listener{
		id:        uuid.NewString(),
		computeID: computeID,
		version:   strPtr(body["version"]),
		createdAt: c.now,
		updatedAt: c.now,
	}
	l.namespaces = namespacesOf(body["compute_config"])
	c.tenant.listeners = append(c.tenant.listeners, l)
	c.json(http.StatusCreated, l.render())
}

// getListener serves GET /v2/listeners/{listener_id}.
func (s *Server) getListener(c *call) {
	if s.listenersForbidden(c) {
		return
	}
	id := c.pathUUID("listener_id")
	if c.invalid() {
		return
	}
	l := c.tenant.findListener(id)
	if l == nil {
		c.detail(http.StatusNotFound, "Listener ID "+id+" not found.")
		return
	}
	c.json(http.StatusOK, l.render())
}

// patchListener serves PATCH /v2/listeners/{listener_id}: version and
// compute_config change (null = unchanged); compute_type and compute_id are
// not part of the patch model and are ignored.
func (s *Server) patchListener(c *call) {
	if s.listenersForbidden(c) {
		return
	}
	id := c.pathUUID("listener_id")
	body := c.bodyModel(listenerPatchSchema)
	if c.invalid() {
		return
	}
	l := c.tenant.findListener(id)
	if l == nil {
		c.detail(http.StatusNotFound, "Listener ID "+id+" not found.")
		return
	}
	if v := strPtr(body["version"]); v != nil {
		l.version = v
	}
	if cc, ok := body["compute_config"].(map[string]any); ok {
		l.namespaces = namespacesOf(cc)
	}
	l.updatedAt = c.now
	c.json(http.StatusOK, l.render())
}

// deleteListener serves DELETE /v2/listeners/{listener_id}: 204, or 409
// while a deployment of the workspace that is not being deleted still names
// the listener in source_config.listener_id. What the real API does then is
// unknown (§9); the mock refuses as tersely as a FastAPI handler would,
// without saying which deployments, so the provider has to find them itself.
// Soft-deleted deployments (AWAITING_DELETE) do not hold the listener.
func (s *Server) deleteListener(c *call) {
	if s.listenersForbidden(c) {
		return
	}
	id := c.pathUUID("listener_id")
	if c.invalid() {
		return
	}
	t := c.tenant
	for i, l := range t.listeners {
		if l.id == id {
			if s.listenerInUse(t, id) {
				c.detail(http.StatusConflict, "Listener ID "+id+" is in use by one or more deployments and cannot be deleted.")
				return
			}
			t.listeners = append(t.listeners[:i], t.listeners[i+1:]...)
			c.noContent()
			return
		}
	}
	c.detail(http.StatusNotFound, "Listener ID "+id+" not found.")
}

// listenerInUse reports whether a deployment of t that is not soft-deleted
// names the listener id. The caller holds s.mu.
func (s *Server) listenerInUse(t *tenant, id string) bool {
	for _, d := range t.order {
		if !d.softDeleted && d.listenerID != nil && sameID(*d.listenerID, id) {
			return true
		}
	}
	return false
}

// listenerError checks an external_docker deployment's listener placement
// against the tenant's listeners and returns the 400 detail, or "". A
// workspace with listeners requires one to be named (contract §3.2).
func (s *Server) listenerError(t *tenant, d *deployment) string {
	if d.source != "external_docker" {
		return ""
	}
	if d.listenerID == nil {
		if len(t.listeners) == 0 {
			return ""
		}
		ids := make([]string, len(t.listeners))
		for i, l := range t.listeners {
			ids[i] = "'" + l.id + "'"
		}
		return "Source configuration error: 'source_config.listener_id' is required for workspace with available listener IDs: [" + strings.Join(ids, ", ") + "]"
	}
	l := t.findListener(*d.listenerID)
	if l == nil {
		return "Source configuration error: listener ID '" + *d.listenerID + "' not found."
	}
	if d.listenerNS != nil && len(l.namespaces) > 0 {
		for _, ns := range l.namespaces {
			if ns == *d.listenerNS {
				return ""
			}
		}
		quoted := make([]string, len(l.namespaces))
		for i, ns := range l.namespaces {
			quoted[i] = "'" + ns + "'"
		}
		return "Source configuration error: 'source_config.listener_config.k8s_namespace' must be one of the listener's namespaces: [" + strings.Join(quoted, ", ") + "]."
	}
	return ""
}

// namespacesOf extracts compute_config.k8s_namespaces. Null and [] both mean
// "any namespace" (contract §9) and give nil, which renders as null.
func namespacesOf(v any) []string {
	cc, _ := v.(map[string]any)
	items, _ := cc["k8s_namespaces"].([]any)
	if len(items) == 0 {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, as[string](it))
	}
	return out
}

// Listeners returns every listener across tenants (as GET renders it), for
// tests that compare the API with Terraform's state.
func (s *Server) Listeners() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, t := range s.tenants {
		for _, l := range t.listeners {
			out = append(out, snapshot(l.render()))
		}
	}
	return out
}
