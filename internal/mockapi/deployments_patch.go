package mockapi

import (
	"net/http"
	"time"
)

// patchDeployment serves PATCH /v2/deployments/{deployment_id} (§5.4, §6):
// in-place changes, a new revision when a revision-creating field is
// non-null, 400 for a changed immutable field. The response's
// latest_revision_id is the new revision, if any.
func (s *Server) patchDeployment(c *call) {
	id := c.pathUUID("deployment_id")
	body := c.bodyModel(deploymentPatchSchema)
	if c.invalid() {
		return
	}
	d := s.findDeployment(c.tenant, id, false)
	if d == nil {
		c.detail(http.StatusNotFound, "Deployment ID "+id+" not found.")
		return
	}
	rv, status, msg := s.applyPatch(d, body, false, c.now)
	if status != 0 {
		c.detail(status, msg)
		return
	}
	c.json(http.StatusOK, s.renderDeployment(d, c.now, rv, true))
}

// applyPatch applies a validated PATCH (or create-revision) body to d at now.
// Nothing changes unless the whole body is acceptable. It returns the new
// revision (nil when none was needed), or the status and detail of a refusal.
// forceRevision creates a revision even when no revision-creating field is
// present. The caller holds s.mu.
func (s *Server) applyPatch(d *deployment, body map[string]any, forceRevision bool, now time.Time) (*revision, int, string) {
	s.plan(d)
	sc, _ := body["source_config"].(map[string]any)
	src, _ := body["source_revision_config"].(map[string]any)

	// Create-only fields may be repeated unchanged, never changed.
	immutable := []struct {
		name string
		cur  *string
	}{
		{"integration_id", d.integrationID},
		{"repo_url", d.repoURL},
		{"deployment_type", &d.deploymentType},
		{"listener_id", d.listenerID},
		{"template_id", d.templateID},
	}
	for _, f := range immutable {
		if v, ok := sc[f.name].(string); ok && (f.cur == nil || *f.cur != v) {
			return nil, http.StatusBadRequest, "source_config." + f.name + " cannot be changed after creation."
		}
	}
	if lc, ok := sc["listener_config"].(map[string]any); ok {
		ns := strPtr(lc["k8s_namespace"])
		if !equalPtr(ns, d.listenerNS) {
			return nil, http.StatusBadRequest, "source_config.listener_config cannot be changed after creation."
		}
	}

	customURL := d.customURL
	if v, ok := sc["custom_url"].(string); ok {
		if isCloudSource(d.source) {
			if cur := d.currentCustomURL(now); cur == nil || *cur != v {
				return nil, http.StatusBadRequest, "Source configuration error: 'source_config.custom_url' can only be set for 'external_docker' source deployments."
			}
		} else {
			customURL = &v
		}
	}
	buildOnPush := d.buildOnPush
	if v, ok := sc["build_on_push"].(bool); ok {
		buildOnPush = v
	}
	trackedRef := d.trackedRef
	if v, ok := body["tracked_repo_ref"].(string); ok {
		if d.source != "github" {
			return nil, http.StatusBadRequest, "Source configuration error: 'tracked_repo_ref' is only applicable for 'github' source."
		}
		trackedRef = &v
	}

	if v, ok := body["deployment_tier"].(string); ok {
		if msg := tierError(d, "deployment_tier", v); msg != "" {
			return nil, http.StatusBadRequest, msg
		}
	}
	// A revision built from another ref tracks that ref again: a tracked
	// ref set earlier does not survive it.
	if v, ok := src["repo_ref"].(string); ok && trackedRef != nil && body["tracked_repo_ref"] == nil {
		if cur := d.latest().cfg.repoRef; cur == nil || *cur != v {
			trackedRef = nil
		}
	}

	revSource := d.source
	if v, ok := body["revision_source"].(string); ok {
		revSource = v
	}
	wantRev := forceRevision
	for _, v := range src {
		if v != nil {
			wantRev = true
		}
	}
	for _, k := range []string{"resource_spec", "install_command", "build_command"} {
		if sc[k] != nil {
			wantRev = true
		}
	}
	if secrets, ok := body["secrets"].([]any); ok && len(secrets) > 0 {
		wantRev = true
	}
	if body["secret_references"] != nil || body["deployment_tier"] != nil {
		wantRev = true
	}

	cfg := d.latest().cfg.clone()
	if revSource != d.latest().source {
		// A revision built from another source carries no source-specific
		// settings over (e.g. an internal_docker image into an
		// internal_source build).
		cfg.repoRef, cfg.langgraphConfigPath, cfg.imageURI, cfg.sourceTarballPath = nil, nil, nil, nil
	}
	if wantRev {
		for key, dst := range map[string]**string{
			"repo_ref":              &cfg.repoRef,
			"langgraph_config_path": &cfg.langgraphConfigPath,
			"image_uri":             &cfg.imageURI,
			"source_tarball_path":   &cfg.sourceTarballPath,
		} {
			if v := strPtr(src[key]); v != nil {
				*dst = v
			}
		}
		if v := strPtr(sc["install_command"]); v != nil {
			cfg.installCommand = v
		}
		if v := strPtr(sc["build_command"]); v != nil {
			cfg.buildCommand = v
		}
		if secrets, ok := body["secrets"].([]any); ok && len(secrets) > 0 {
			cfg.secrets = toSecrets(secrets)
		}
		if refs, ok := body["secret_references"].([]any); ok {
			cfg.secretRefs = toSecretRefs(refs)
		}
		if rs, ok := sc["resource_spec"].(map[string]any); ok {
			cfg.resourceSpec = withResourceDefaults(rs)
		}
		if msg := revisionConfigError(revSource, cfg); msg != "" {
			return nil, http.StatusBadRequest, msg
		}
	}

	probe := *d
	probe.customURL, probe.buildOnPush = customURL, buildOnPush
	if msg := sourceConfigError(&probe, cfg); msg != "" {
		return nil, http.StatusBadRequest, msg
	}
	if msg := resourceSpecError(d, cfg.resourceSpec); msg != "" {
		return nil, http.StatusBadRequest, msg
	}

	if v, ok := body["display_name"].(string); ok {
		d.displayName = &v
	}
	if v, ok := body["route_through_gateway"].(bool); ok {
		d.routeThroughGateway = v
	}
	if v, ok := body["deployment_tier"].(string); ok {
		d.setTier(v)
	}
	d.customURL, d.buildOnPush, d.trackedRef = customURL, buildOnPush, trackedRef
	d.generation++
	d.updatedAt = now

	var rv *revision
	if wantRev {
		rv = s.newRevision(d, revSource, cfg, now)
	}
	return rv, 0, ""
}
