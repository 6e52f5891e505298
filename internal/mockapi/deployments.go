package mockapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Deployment statuses (contract §7.1).
const (
	depAwaitingDatabase = "AWAITING_DATABASE"
	depReady            = "READY"
	depAwaitingDelete   = "AWAITING_DELETE"
)

// mockImageVersion is the Agent Server image version reported once a
// deployment serves traffic.
const mockImageVersion = "0.4.12"

// deployment is one deployment. Settings that change in place live here;
// what a revision deploys (source revision config, secrets, resource spec,
// commands) lives on its revisions, and the deployment reports its latest.
type deployment struct {
	id              string
	seq             int // creation order across tenants
	tenant          *tenant
	name            string
	source          string
	createdAt       time.Time
	updatedAt       time.Time
	generation      int
	tracerSessionID string
	urlSuffix       string // 6 hex characters of the serving URL

	displayName         *string
	shareable           bool
	routeThroughGateway bool

	integrationID  *string
	repoURL        *string
	deploymentType string
	buildOnPush    bool
	customURL      *string // external_docker only; cloud sources get an automatic URL
	listenerID     *string
	listenerNS     *string
	hasListenerCfg bool
	templateID     *string
	trackedRef     *string

	deploymentTier *string
	computeTier    *string
	databaseTier   *string

	revisions []*revision

	softDeleted           bool
	deleteGETsLeft        int
	deletedTracingProject bool
}

// findDeployment returns the tenant's deployment with a canonical id, or nil.
// Soft-deleted deployments are returned only when includeSoftDeleted is set.
// The caller holds s.mu.
func (s *Server) findDeployment(t *tenant, id string, includeSoftDeleted bool) *deployment {
	d := s.deployments[id]
	if d == nil || d.tenant != t || (d.softDeleted && !includeSoftDeleted) {
		return nil
	}
	return d
}

// allDeployments returns every existing deployment, oldest first.
func (s *Server) allDeployments() []*deployment {
	out := make([]*deployment, 0, len(s.deployments))
	for _, d := range s.deployments {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// remove makes a deployment gone (404 everywhere). With reserve, its name
// stays taken by the leftover tracing project unless that project was
// deleted (delete_tracing_project=true) or the server frees names at once
// (Options.FreeNamesAfterDelete). The caller holds s.mu.
func (s *Server) remove(d *deployment, reserve bool) {
	delete(s.deployments, d.id)
	t := d.tenant
	for i, x := range t.order {
		if x == d {
			t.order = append(t.order[:i], t.order[i+1:]...)
			break
		}
	}
	if reserve && !s.opts.FreeNamesAfterDelete && !d.deletedTracingProject {
		t.reservedNames[d.name] = true
	}
}

// isCloudSource reports whether the service hosts the deployment (and so
// assigns its URL), as opposed to a self-hosted external_docker one.
func isCloudSource(source string) bool { return source != "external_docker" }

// autoURL is the serving URL the service assigns to a cloud deployment.
func (d *deployment) autoURL() string {
	return "https://" + d.name + "-" + d.urlSuffix + ".us.langgraph.app"
}

// everDeployed reports whether any revision of d reached DEPLOYED by now.
func (d *deployment) everDeployed(now time.Time) bool {
	for _, rv := range d.revisions {
		if _, ok := rv.deployedAt(now); ok {
			return true
		}
	}
	return false
}

// currentCustomURL is source_config.custom_url as GET reports it now.
func (d *deployment) currentCustomURL(now time.Time) *string {
	if !isCloudSource(d.source) {
		return d.customURL
	}
	if d.everDeployed(now) {
		u := d.autoURL()
		return &u
	}
	return nil
}

// renderDeployment renders a Deployment (contract §4.1) as of now, with every
// nullable key present and a few unknown keys to prove clients ignore them.
// fresh is a revision created by this very request: it shows as CREATING and
// cannot be the active one. observe records when a client first saw the
// active revision. The caller holds s.mu.
func (s *Server) renderDeployment(d *deployment, now time.Time, fresh *revision, observe bool) map[string]any {
	s.plan(d)
	latest := d.latest()

	var active *revision
	var activeAt time.Time
	deployed := false
	for _, rv := range d.revisions {
		if rv == fresh {
			continue
		}
		if at, ok := rv.deployedAt(now); ok {
			active, activeAt, deployed = rv, at, true
		}
	}
	if observe && active != nil && active.firstSeenDeployed.IsZero() {
		active.firstSeenDeployed = now
	}

	status := depAwaitingDatabase
	switch {
	case d.softDeleted:
		status = depAwaitingDelete
	case active != nil:
		status = depReady
	}
	updated := d.updatedAt
	if activeAt.After(updated) {
		updated = activeAt
	}

	var url, customURL, imageVersion, activeID any
	if isCloudSource(d.source) {
		if deployed {
			url, customURL = d.autoURL(), d.autoURL()
		}
	} else {
		customURL = ptrOrNil(d.customURL)
		if deployed {
			url = ptrOrNil(d.customURL)
		}
	}
	if deployed {
		imageVersion = mockImageVersion
	}
	if active != nil {
		activeID = active.id
	}

	var repoBranch any
	if d.source == "github" {
		ref := latest.cfg.repoRef
		if d.trackedRef != nil {
			ref = d.trackedRef
		}
		if ref != nil && !strings.HasPrefix(*ref, "refs/tags/") {
			repoBranch = strings.TrimPrefix(*ref, "refs/heads/")
		}
	}
	var listenerConfig any
	if d.hasListenerCfg {
		listenerConfig = map[string]any{"k8s_namespace": ptrOrNil(d.listenerNS)}
	}

	secrets := make([]any, 0, len(latest.cfg.secrets))
	for _, sec := range latest.cfg.secrets {
		secrets = append(secrets, map[string]any{"name": sec.name, "value": sec.value})
	}

	return map[string]any{
		"id":           d.id,
		"name":         d.name,
		"source":       d.source,
		"display_name": ptrOrNil(d.displayName),
		"source_config": map[string]any{
			"integration_id":  ptrOrNil(d.integrationID),
			"repo_url":        ptrOrNil(d.repoURL),
			"deployment_type": d.deploymentType,
			"build_on_push":   d.buildOnPush,
			"custom_url":      customURL,
			"resource_spec":   fill(resourceSpecSchema, mapOrNil(latest.cfg.resourceSpec)),
			"listener_id":     ptrOrNil(d.listenerID),
			"listener_config": listenerConfig,
			"install_command": ptrOrNil(latest.cfg.installCommand),
			"build_command":   ptrOrNil(latest.cfg.buildCommand),
			"repo_branch":     repoBranch,
			"template_id":     ptrOrNil(d.templateID),
			"region":          "us",
		},
		"source_revision_config": s.renderSourceRevisionConfig(latest, now, latest == fresh),
		"secrets":                secrets,
		"secret_references":      renderSecretRefs(latest.cfg.secretRefs),
		"shareable":              d.shareable,
		"route_through_gateway":  d.routeThroughGateway,
		"tenant_id":              d.tenant.id,
		"created_at":             ts(d.createdAt),
		"updated_at":             ts(updated),
		"status":                 status,
		"latest_revision_id":     latest.id,
		"active_revision_id":     activeID,
		"tracer_session_id":      d.tracerSessionID,
		"url":                    url,
		"is_preview":             false,
		"image_version":          imageVersion,
		"is_managed_deep_agent":  false,
		"deployment_tier":        ptrOrNil(d.deploymentTier),
		"compute_tier":           ptrOrNil(d.computeTier),
		"database_tier":          ptrOrNil(d.databaseTier),
		"x_mock_generation":      d.generation,
	}
}

func mapOrNil(m map[string]any) any {
	if m == nil {
		return nil
	}
	return m
}

func renderSecretRefs(refs []secretRef) any {
	if refs == nil {
		return nil
	}
	out := make([]any, 0, len(refs))
	for _, r := range refs {
		out = append(out, map[string]any{"name": r.name, "secret_name": r.secretName, "secret_key": r.secretKey})
	}
	return out
}

// listDeployments serves GET /v2/deployments (§5.1): the tenant's live
// deployments newest first, filtered and paginated. Soft-deleted deployments
// are listed only when the status filter asks for AWAITING_DELETE (the
// filter's enum has that status, so a server must be able to match it). Filters on stored fields (name, name_contains,
// deployment_type, deployment_ids) run first, so a name lookup among
// hundreds of deployments renders only the matches; only the status,
// image_version and url filters need a rendering of each candidate.
func (s *Server) listDeployments(c *call) {
	limit := c.queryInt("limit", 20, 1, 100)
	offset := c.queryInt("offset", 0, 0, -1)
	depType := c.queryEnum("deployment_type", deploymentTypes)
	c.queryBool("remote_reconciled")
	if c.invalid() {
		return
	}
	name, hasName := c.queryString("name")
	contains, hasContains := c.queryString("name_contains")
	status, hasStatus := c.queryString("status")
	imageVersion, hasImageVersion := c.queryString("image_version")
	url, hasURL := c.queryString("url")
	idsRaw, hasIDs := c.queryString("deployment_ids")
	ids := map[string]bool{}
	if hasIDs {
		for _, part := range strings.Split(idsRaw, ",") {
			if id, msg := parseUUID(strings.TrimSpace(part)); msg == "" {
				ids[id] = true
			}
		}
	}

	var matched []*deployment
	t := c.tenant
	for i := len(t.order) - 1; i >= 0; i-- {
		d := t.order[i]
		switch {
		case d.softDeleted && !(hasStatus && status == depAwaitingDelete),
			hasName && d.name != name,
			hasContains && !strings.Contains(d.name, contains),
			depType != "" && d.deploymentType != depType,
			hasIDs && !ids[d.id]:
			continue
		}
		if hasStatus || hasImageVersion || hasURL {
			view := s.renderDeployment(d, c.now, nil, false)
			if hasStatus && view["status"] != status ||
				hasImageVersion && view["image_version"] != imageVersion ||
				hasURL && view["url"] != url {
				continue
			}
		}
		matched = append(matched, d)
	}
	lo, hi := page(len(matched), limit, offset)
	resources := make([]any, 0, hi-lo)
	for _, d := range matched[lo:hi] {
		resources = append(resources, s.renderDeployment(d, c.now, nil, true))
	}
	c.json(http.StatusOK, map[string]any{"resources": resources, "offset": offset + len(resources)})
}

// createDeployment serves POST /v2/deployments (§5.2): validates the body
// (422), the per-source configuration (400) and the name (409), then creates
// the deployment with its first revision and answers 201.
func (s *Server) createDeployment(c *call) {
	body := c.bodyModel(deploymentCreateSchema)
	if c.invalid() {
		return
	}
	d, status, msg := s.create(c.tenant, body, c.now)
	if status != 0 {
		c.detail(status, msg)
		return
	}
	c.json(http.StatusCreated, s.renderDeployment(d, c.now, d.latest(), true))
}

// create applies a validated create body. It returns an HTTP status and
// detail when the service would refuse it. The caller holds s.mu.
func (s *Server) create(t *tenant, body map[string]any, now time.Time) (*deployment, int, string) {
	name := getStr(body, "name")
	source := getStr(body, "source")
	sc := getObj(body, "source_config")
	src := getObj(body, "source_revision_config")

	cfg := revConfig{
		repoRef:             strPtr(src["repo_ref"]),
		langgraphConfigPath: strPtr(src["langgraph_config_path"]),
		imageURI:            strPtr(src["image_uri"]),
		sourceTarballPath:   strPtr(src["source_tarball_path"]),
		secrets:             toSecrets(body["secrets"]),
		installCommand:      strPtr(sc["install_command"]),
		buildCommand:        strPtr(sc["build_command"]),
	}
	if refs, ok := body["secret_references"].([]any); ok {
		cfg.secretRefs = toSecretRefs(refs)
	}
	if rs, ok := sc["resource_spec"].(map[string]any); ok {
		cfg.resourceSpec = withResourceDefaults(rs)
	}
	deploymentType := "prod"
	if v, ok := sc["deployment_type"].(string); ok {
		deploymentType = v
	}
	if source == "github" && cfg.repoRef == nil {
		branch := s.defaultBranch(strPtr(sc["integration_id"]), strPtr(sc["repo_url"]))
		cfg.repoRef = &branch
	}
	buildOnPush, _ := sc["build_on_push"].(bool)

	d := &deployment{
		tenant:         t,
		name:           name,
		source:         source,
		integrationID:  strPtr(sc["integration_id"]),
		repoURL:        strPtr(sc["repo_url"]),
		deploymentType: deploymentType,
		buildOnPush:    buildOnPush,
		customURL:      strPtr(sc["custom_url"]),
		listenerID:     strPtr(sc["listener_id"]),
		templateID:     strPtr(sc["template_id"]),
	}
	if lc, ok := sc["listener_config"].(map[string]any); ok {
		d.hasListenerCfg = true
		d.listenerNS = strPtr(lc["k8s_namespace"])
	}
	d.shareable, _ = body["shareable"].(bool)
	d.routeThroughGateway, _ = body["route_through_gateway"].(bool)

	if msg := sourceConfigError(d, cfg); msg != "" {
		return nil, http.StatusBadRequest, msg
	}
	if msg := revisionConfigError(source, cfg); msg != "" {
		return nil, http.StatusBadRequest, msg
	}
	if d.customURL != nil && isCloudSource(source) {
		return nil, http.StatusBadRequest, "Source configuration error: 'source_config.custom_url' can only be set for 'external_docker' source deployments."
	}
	if msg := s.listenerError(t, d); msg != "" {
		return nil, http.StatusBadRequest, msg
	}
	if msg := resourceSpecError(d, cfg.resourceSpec); msg != "" {
		return nil, http.StatusBadRequest, msg
	}
	if s.nameTaken(t, name) {
		return nil, http.StatusConflict, "A deployment named '" + name + "' already exists."
	}

	s.seq++
	d.id = uuid.NewString()
	d.seq = s.seq
	d.createdAt, d.updatedAt = now, now
	d.generation = 1
	d.tracerSessionID = uuid.NewString()
	d.urlSuffix = hexOf(6, d.id)
	s.deployments[d.id] = d
	t.order = append(t.order, d)
	s.newRevision(d, source, cfg, now)
	return d, 0, ""
}

// nameTaken reports whether a deployment name is in use in the tenant: by a
// deployment (soft-deleted ones included) or by a leftover tracing project.
func (s *Server) nameTaken(t *tenant, name string) bool {
	if t.reservedNames[name] {
		return true
	}
	for _, d := range t.order {
		if d.name == name {
			return true
		}
	}
	return false
}

// getDeployment serves GET /v2/deployments/{deployment_id} (§5.3). A
// soft-deleted deployment answers 200 AWAITING_DELETE for the configured
// number of GETs, then it is gone (404).
func (s *Server) getDeployment(c *call) {
	id := c.pathUUID("deployment_id")
	if c.invalid() {
		return
	}
	d := s.findDeployment(c.tenant, id, true)
	if d != nil && d.softDeleted {
		if d.deleteGETsLeft > 0 {
			d.deleteGETsLeft--
		} else {
			s.remove(d, true)
			d = nil
		}
	}
	if d == nil {
		c.detail(http.StatusNotFound, "Deployment ID "+id+" not found.")
		return
	}
	c.json(http.StatusOK, s.renderDeployment(d, c.now, nil, true))
}

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
		tier := v
		d.deploymentTier, d.computeTier = &tier, &tier
		if strings.HasPrefix(tier, "DEDICATED_") {
			d.databaseTier = &tier
		} else {
			d.databaseTier = nil
		}
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

// deleteDeployment serves DELETE /v2/deployments/{deployment_id} (§5.5): a
// soft delete (204, status AWAITING_DELETE) that is idempotent while the
// deployment is soft-deleted; force=true removes a soft-deleted deployment at
// once and is a 400 on one that is not soft-deleted.
func (s *Server) deleteDeployment(c *call) {
	id := c.pathUUID("deployment_id")
	deleteProject := c.queryBool("delete_tracing_project")
	force := c.queryBool("force")
	if c.invalid() {
		return
	}
	d := s.findDeployment(c.tenant, id, true)
	if d == nil {
		c.detail(http.StatusNotFound, "Deployment ID "+id+" not found.")
		return
	}
	if force && !d.softDeleted {
		c.detail(http.StatusBadRequest, "Deployment ID "+id+" cannot be force deleted because it has not been deleted yet. Delete it without force first.")
		return
	}
	d.deletedTracingProject = d.deletedTracingProject || deleteProject
	switch {
	case force:
		s.remove(d, true)
	case !d.softDeleted:
		d.softDeleted = true
		d.deleteGETsLeft = s.opts.DeleteGETs
		d.updatedAt = c.now
		d.generation++
		if d.deleteGETsLeft == 0 {
			s.remove(d, true)
		}
	}
	c.noContent()
}

// freeCount serves GET /v2/deployments/free-count (§5.12): how many free
// deployments the tenant uses.
func (s *Server) freeCount(c *call) {
	n := 0
	for _, d := range c.tenant.order {
		if !d.softDeleted && (d.deploymentType == "dev_free" || d.deploymentType == "dev_free_zero") {
			n++
		}
	}
	c.json(http.StatusOK, map[string]any{"count": n})
}

// sourceConfigError checks the deployment-level source configuration of d
// against its source and returns the 400 detail, or "".
func sourceConfigError(d *deployment, cfg revConfig) string {
	required := func(field string) string {
		return "Source configuration error: '" + field + "' is required for '" + d.source + "' source."
	}
	mustBeNull := func(field string) string {
		return "Source configuration error: '" + field + "' must be null for '" + d.source + "' source."
	}
	switch d.source {
	case "github":
		if d.integrationID == nil {
			return required("source_config.integration_id")
		}
		if d.repoURL == nil {
			return required("source_config.repo_url")
		}
	default:
		if d.integrationID != nil {
			return mustBeNull("source_config.integration_id")
		}
		if d.repoURL != nil {
			return mustBeNull("source_config.repo_url")
		}
		if d.buildOnPush {
			return "Source configuration error: 'source_config.build_on_push' is only applicable for 'github' source."
		}
	}
	if d.source == "external_docker" {
		if cfg.resourceSpec == nil {
			return required("source_config.resource_spec")
		}
	} else {
		if d.listenerID != nil {
			return mustBeNull("source_config.listener_id")
		}
		if d.hasListenerCfg {
			return mustBeNull("source_config.listener_config")
		}
		if len(cfg.secretRefs) > 0 {
			return "Source configuration error: 'secret_references' is only applicable for 'external_docker' source."
		}
	}
	if d.source == "internal_template" && d.templateID == nil {
		return required("source_config.template_id")
	}
	if d.source != "internal_template" && d.templateID != nil {
		return mustBeNull("source_config.template_id")
	}
	if d.hasListenerCfg && d.listenerID == nil {
		return "Source configuration error: 'source_config.listener_config' requires 'source_config.listener_id'."
	}
	if d.buildOnPush && cfg.repoRef != nil && strings.HasPrefix(*cfg.repoRef, "refs/tags/") {
		return "Source configuration error: 'source_config.build_on_push' cannot be enabled when 'source_revision_config.repo_ref' is a tag (refs/tags/...)."
	}
	return ""
}

// revisionConfigError checks a revision's configuration against the source it
// is built from and returns the 400 detail, or "".
func revisionConfigError(source string, cfg revConfig) string {
	required := func(field string) string {
		return "Source configuration error: '" + field + "' is required for '" + source + "' source."
	}
	mustBeNull := func(field string) string {
		return "Source configuration error: '" + field + "' must be null for '" + source + "' source."
	}
	build := isBuildSource(source)
	switch {
	case build && cfg.langgraphConfigPath == nil:
		return required("source_revision_config.langgraph_config_path")
	case !build && cfg.langgraphConfigPath != nil:
		return mustBeNull("source_revision_config.langgraph_config_path")
	case source == "external_docker" && cfg.imageURI == nil:
		return required("source_revision_config.image_uri")
	case build && cfg.imageURI != nil:
		return mustBeNull("source_revision_config.image_uri")
	case source != "github" && cfg.repoRef != nil:
		return mustBeNull("source_revision_config.repo_ref")
	case source != "internal_source" && cfg.sourceTarballPath != nil:
		return mustBeNull("source_revision_config.source_tarball_path")
	case !build && cfg.installCommand != nil:
		return mustBeNull("source_config.install_command")
	case !build && cfg.buildCommand != nil:
		return mustBeNull("source_config.build_command")
	}
	return ""
}

// resourceSpecError checks the scale settings of a resource spec.
func resourceSpecError(d *deployment, rs map[string]any) string {
	if rs == nil {
		return ""
	}
	minScale, _ := rs["min_scale"].(int64)
	maxScale, _ := rs["max_scale"].(int64)
	switch {
	case minScale < 0:
		return "Source configuration error: 'source_config.resource_spec.min_scale' must be at least 0."
	case minScale > maxScale:
		return "Source configuration error: 'source_config.resource_spec.min_scale' must be less than or equal to 'source_config.resource_spec.max_scale'."
	case minScale == 0 && isCloudSource(d.source) && !strings.HasSuffix(d.deploymentType, "_zero"):
		return "Source configuration error: 'source_config.resource_spec.min_scale' can be 0 only for 'dev_zero' and 'dev_free_zero' deployments."
	}
	return ""
}

// withResourceDefaults returns the resource spec the service stores for the
// resource_spec of one request (contract §4.4). Each rule fills only a key
// that is null or absent in the request, in this order, so derived values
// follow this request's values after defaults: one replica (max_scale at
// least min_scale), 1 CPU and 2048 MB; the queue's scale, cpu and memory
// copied from the API server's; then every limit whose request is set (see
// resourceLimits). Empty labels and annotations are dropped, so they render
// as null. Every other key stays as sent, null included.
func withResourceDefaults(rs map[string]any) map[string]any {
	out := deepCopyMap(rs)
	setDefault := func(key string, v any) {
		if out[key] == nil {
			out[key] = v
		}
	}
	setDefault("min_scale", int64(1))
	setDefault("max_scale", max(int64(1), as[int64](out["min_scale"])))
	setDefault("cpu", float64(1))
	setDefault("memory_mb", int64(2048))
	setDefault("queue_min_scale", out["min_scale"])
	setDefault("queue_max_scale", out["max_scale"])
	setDefault("queue_cpu", out["cpu"])
	setDefault("queue_memory_mb", out["memory_mb"])
	for _, l := range resourceLimits {
		if out[l.limit] == nil && out[l.request] != nil {
			out[l.limit] = scaleValue(out[l.request], l.factor)
		}
	}
	for _, k := range []string{"labels", "annotations"} {
		if m, ok := out[k].(map[string]any); ok && len(m) == 0 {
			delete(out, k)
		}
	}
	return out
}

// resourceLimits lists the limits the service derives from their request
// when the limit is unset (contract §4.4): twice the request, except Redis
// memory, whose limit is the request itself.
var resourceLimits = []struct {
	request, limit string
	factor         int64
}{
	{"cpu", "cpu_limit", 2},
	{"memory_mb", "memory_limit_mb", 2},
	{"queue_cpu", "queue_cpu_limit", 2},
	{"queue_memory_mb", "queue_memory_limit_mb", 2},
	{"redis_cpu", "redis_cpu_limit", 2},
	{"redis_memory_mb", "redis_memory_limit_mb", 1},
	{"db_cpu", "db_cpu_limit", 2},
	{"db_memory_mb", "db_memory_limit_mb", 2},
	{"core_cpu", "core_cpu_limit", 2},
	{"core_memory_mb", "core_memory_limit_mb", 2},
}

// scaleValue multiplies a validated resource quantity (float64 cores or
// int64 MB) by factor, keeping its type. Doubling a value rounded to 0.1 is
// exact in floating point, so derived cpu limits stay on the 0.1 grid.
func scaleValue(v any, factor int64) any {
	if f, ok := v.(float64); ok {
		return f * float64(factor)
	}
	return as[int64](v) * factor
}

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

// as returns v as a T. It is for values whose type is already known (request
// bodies the schema has validated, the mock's own renderings), so a mismatch
// is a bug in the mock: it panics, as an unchecked type assertion would, but
// says what was expected.
func as[T any](v any) T {
	t, ok := v.(T)
	if !ok {
		panic(fmt.Sprintf("mockapi: validated value is %T, not %T", v, t))
	}
	return t
}

// getStr returns m[key], known to be a string.
func getStr(m map[string]any, key string) string { return as[string](m[key]) }

// getObj returns m[key], known to be a JSON object.
func getObj(m map[string]any, key string) map[string]any { return as[map[string]any](m[key]) }

// strPtr returns a pointer to a string value, or nil for null and absent.
func strPtr(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

func equalPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func toSecrets(v any) []secret {
	items, _ := v.([]any)
	out := make([]secret, 0, len(items))
	for _, it := range items {
		m := as[map[string]any](it)
		out = append(out, secret{name: getStr(m, "name"), value: getStr(m, "value")})
	}
	return out
}

func toSecretRefs(items []any) []secretRef {
	out := make([]secretRef, 0, len(items))
	for _, it := range items {
		m := as[map[string]any](it)
		out = append(out, secretRef{name: getStr(m, "name"), secretName: getStr(m, "secret_name"), secretKey: getStr(m, "secret_key")})
	}
	return out
}
