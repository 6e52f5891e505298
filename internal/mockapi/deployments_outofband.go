package mockapi

import (
	"encoding/json"
)

// Deployment returns the deployment (in any tenant) exactly as GET would
// render it, without counting as a GET of a soft-deleted deployment.
func (s *Server) Deployment(id string) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cid, msg := parseUUID(id)
	if msg != "" {
		return nil, false
	}
	d := s.deployments[cid]
	if d == nil {
		return nil, false
	}
	return snapshot(s.renderDeployment(d, s.now().UTC(), nil, false)), true
}

// Deployments returns every live (not soft-deleted) deployment across
// tenants, newest first.
func (s *Server) Deployments() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UTC()
	all := s.allDeployments()
	out := make([]map[string]any, 0, len(all))
	for i := len(all) - 1; i >= 0; i-- {
		if !all[i].softDeleted {
			out = append(out, snapshot(s.renderDeployment(all[i], now, nil, false)))
		}
	}
	return out
}

// DeleteDeploymentOutOfBand deletes a deployment as if from the UI together
// with its tracing project: it is gone at once (GET 404) and its name is
// free. It reports whether the deployment existed.
func (s *Server) DeleteDeploymentOutOfBand(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	cid, msg := parseUUID(id)
	if msg != "" {
		return false
	}
	d := s.deployments[cid]
	if d == nil {
		return false
	}
	s.remove(d, false)
	return true
}

// ReleaseName frees a name that a deleted deployment's leftover tracing
// project keeps taken, as if someone deleted that tracing project in the
// LangSmith UI; a create of the name then succeeds. tenant is the workspace
// as requests name it in X-Tenant-Id ("" for requests without the header);
// the name is freed in every state scope of that workspace. It reports
// whether the name was reserved.
func (s *Server) ReleaseName(tenant, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	released := false
	for _, t := range s.tenants {
		if t.isWorkspace(tenant) && t.reservedNames[name] {
			delete(t.reservedNames, name)
			released = true
		}
	}
	return released
}

// TagDeployment gives a deployment (in any tenant) resource tags, as if
// tagged in the LangSmith UI: the contract has no tag routes, and the
// Deployment does not report its tags, so this is the only way in. The
// tag value IDs (UUIDs) are added to those it has; the list's tag_value_ids
// filter then matches it. It reports whether the deployment exists and every
// ID is a UUID (nothing is changed otherwise).
func (s *Server) TagDeployment(id string, tagValueIDs ...string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	cid, msg := parseUUID(id)
	if msg != "" {
		return false
	}
	d := s.deployments[cid]
	if d == nil {
		return false
	}
	tags := make([]string, 0, len(tagValueIDs))
	for _, raw := range tagValueIDs {
		tag, msg := parseUUID(raw)
		if msg != "" {
			return false
		}
		tags = append(tags, tag)
	}
	if d.tagValueIDs == nil {
		d.tagValueIDs = map[string]bool{}
	}
	for _, tag := range tags {
		d.tagValueIDs[tag] = true
	}
	return true
}

// PatchOutOfBand applies a PATCH body to a deployment as the API would
// (including creating a revision when the body says so), as if changed in
// the UI. It reports whether the deployment exists and the patch was valid.
func (s *Server) PatchOutOfBand(id string, patch map[string]any) bool {
	raw, err := json.Marshal(patch)
	if err != nil {
		return false
	}
	value, _, ok, _, _ := decodeJSON(raw, "application/json")
	if !ok {
		return false
	}
	var v validator
	body, _ := v.validate(deploymentPatchSchema, value, []any{"body"}).(map[string]any)
	if v.failed() {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cid, msg := parseUUID(id)
	if msg != "" {
		return false
	}
	d := s.deployments[cid]
	if d == nil || d.softDeleted {
		return false
	}
	_, status, _ := s.applyPatch(d, body, false, s.now().UTC())
	return status == 0
}
