package mockapi

import (
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
	// computeTierOwn and databaseTierOwn: set through resource-tiers, so
	// no longer following deployment_tier.
	computeTierOwn, databaseTierOwn bool

	// tagValueIDs are the resource tags' value IDs the deployment carries
	// (canonical UUIDs). The contract has no tag routes and the Deployment
	// does not report them; TagDeployment sets them and the list's
	// tag_value_ids filter reads them.
	tagValueIDs map[string]bool

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
// deployment_type, deployment_ids, tag_value_ids) run first, so a name lookup among
// hundreds of deployments renders only the matches; only the status,
// image_version and url filters need a rendering of each candidate.
// deployment_ids matches a deployment with any of the IDs; tag_value_ids
// one that carries every listed tag value (the contract leaves how several
// combine open; all of them is the narrower reading).
func (s *Server) listDeployments(c *call) {
	limit := c.queryInt("limit", 20, 1, 100)
	offset := c.queryInt("offset", 0, 0, -1)
	depType := c.queryEnum("deployment_type", deploymentTypes)
	c.queryBool("remote_reconciled")
	ids, hasIDs := c.queryUUIDList("deployment_ids")
	tagIDs, hasTags := c.queryUUIDList("tag_value_ids")
	if c.invalid() {
		return
	}
	name, hasName := c.queryString("name")
	contains, hasContains := c.queryString("name_contains")
	status, hasStatus := c.queryString("status")
	imageVersion, hasImageVersion := c.queryString("image_version")
	url, hasURL := c.queryString("url")
	hasEveryTag := func(d *deployment) bool {
		for id := range tagIDs {
			if !d.tagValueIDs[id] {
				return false
			}
		}
		return true
	}

	var matched []*deployment
	t := c.tenant
	for i := len(t.order) - 1; i >= 0; i-- {
		d := t.order[i]
		switch {
		case d.softDeleted && (!hasStatus || status != depAwaitingDelete),
			hasName && d.name != name,
			hasContains && !strings.Contains(d.name, contains),
			depType != "" && d.deploymentType != depType,
			hasIDs && !ids[d.id],
			hasTags && !hasEveryTag(d):
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

// queryUUIDList reads a query parameter that is a comma-separated list of
// UUIDs (deployment_ids, tag_value_ids in §5.1) as a set of canonical IDs,
// and whether it was present. Parts are trimmed of spaces; every part must
// then be a UUID as pydantic parses one (an empty part, "a,,b" or a trailing
// comma, is not), or the request is a 422 uuid_parsing at
// ["query", name, index], as a FastAPI route declaring the list of UUIDs
// would answer. A malformed ID never silently matches nothing.
func (c *call) queryUUIDList(name string) (map[string]bool, bool) {
	raw, ok := c.queryString(name)
	if !ok {
		return nil, false
	}
	ids := map[string]bool{}
	for i, part := range strings.Split(raw, ",") {
		part = strings.TrimSpace(part)
		id, msg := parseUUID(part)
		if msg != "" {
			c.v.add("uuid_parsing", []any{"query", name, i}, "Input should be a valid UUID, "+msg, part, map[string]any{"error": msg})
			continue
		}
		ids[id] = true
	}
	return ids, true
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
