package mockapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Revision statuses (contract §3.4, §7.2).
const (
	stCreating       = "CREATING"
	stQueued         = "QUEUED"
	stAwaitingBuild  = "AWAITING_BUILD"
	stBuilding       = "BUILDING"
	stAwaitingDeploy = "AWAITING_DEPLOY"
	stDeploying      = "DEPLOYING"
	stDeployed       = "DEPLOYED"
	stCreateFailed   = "CREATE_FAILED"
	stBuildFailed    = "BUILD_FAILED"
	stDeployFailed   = "DEPLOY_FAILED"
	stSkipped        = "SKIPPED"
)

// Default status_message of injected failures.
const (
	msgBuildFailed  = "mock build failed: exit code 1"
	msgDeployFailed = "mock deploy failed: container exited with code 1"
	msgCreateFailed = "mock revision creation failed"
)

// never is the planned time of a step that cannot be reached (held, or
// queued behind a revision that never finishes).
var never = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// revision is one revision of a deployment. Its status is not stored: it is
// computed from the planned step times (plan) and the current time, so
// revisions progress without goroutines.
type revision struct {
	id          string
	dep         *deployment
	source      string // deployment source, or the PATCH's revision_source
	ordinal     int    // 1 for the first revision of the deployment
	createdAt   time.Time
	cfg         revConfig
	chain       []string // statuses this revision will pass through, terminal last
	failMessage string   // status_message once the terminal status is a failure
	holdIdx     int      // chain index it stops at while held; -1 when not held
	releasedAt  time.Time
	skippedAt   time.Time
	at          []time.Time // planned time of each chain step (see plan)

	firstSeenDeployed time.Time // first API response that showed it DEPLOYED
}

// revConfig is what a revision deploys: its source revision config plus the
// environment and compute settings it was created with.
type revConfig struct {
	repoRef             *string
	langgraphConfigPath *string
	imageURI            *string
	sourceTarballPath   *string
	secrets             []secret
	secretRefs          []secretRef // nil renders as null
	resourceSpec        map[string]any
	installCommand      *string
	buildCommand        *string
}

type secret struct{ name, value string }

type secretRef struct{ name, secretName, secretKey string }

// clone returns a copy that shares no slices or maps with c.
func (c revConfig) clone() revConfig {
	out := c
	out.secrets = append([]secret{}, c.secrets...)
	if c.secretRefs != nil {
		out.secretRefs = append([]secretRef{}, c.secretRefs...)
	}
	if c.resourceSpec != nil {
		out.resourceSpec = deepCopyMap(c.resourceSpec)
	}
	return out
}

// failSpec is a scripted failure for the next revision.
type failSpec struct{ status, message string }

// isBuildSource reports whether revisions of this source build an image.
func isBuildSource(source string) bool { return source == "github" || source == "internal_source" }

func isFailure(status string) bool {
	return status == stCreateFailed || status == stBuildFailed || status == stDeployFailed
}

// buildChain returns the statuses a revision passes through. Build sources
// go CREATING, QUEUED, AWAITING_BUILD, BUILDING, AWAITING_DEPLOY, DEPLOYING,
// DEPLOYED; image sources skip the two build states. A failure replaces the
// step after the phase it fails in.
func buildChain(build bool, fail string) []string {
	var chain []string
	if build {
		chain = []string{stCreating, stQueued, stAwaitingBuild, stBuilding, stAwaitingDeploy, stDeploying, stDeployed}
	} else {
		chain = []string{stCreating, stQueued, stAwaitingDeploy, stDeploying, stDeployed}
	}
	switch fail {
	case "":
		return chain
	case stCreateFailed:
		return []string{stCreating, stCreateFailed}
	case stBuildFailed:
		if build {
			return append(chain[:4:4], stBuildFailed)
		}
		return []string{stCreating, stQueued, stBuildFailed}
	default: // DEPLOY_FAILED and any other scripted terminal status
		return append(chain[:len(chain)-1:len(chain)-1], fail)
	}
}

// newRevision creates the next revision of d at now, with the given source
// and config. Older revisions that have not reached DEPLOYING become SKIPPED;
// one that is DEPLOYING finishes first and the new one waits QUEUED. The
// caller holds s.mu.
func (s *Server) newRevision(d *deployment, source string, cfg revConfig, now time.Time) *revision {
	s.plan(d)
	for _, old := range d.revisions {
		if old.skippedAt.IsZero() && !old.finished(now) {
			if st, _ := old.statusAt(now); st != stDeploying {
				old.skippedAt = now
			}
		}
	}

	fail, msg := "", ""
	if s.failNext != nil {
		fail, msg = s.failNext.status, s.failNext.message
		s.failNext = nil
	} else if refHas(cfg, "fail-build") {
		fail = stBuildFailed
	} else if refHas(cfg, "fail-deploy") {
		fail = stDeployFailed
	}
	if msg == "" {
		switch fail {
		case stBuildFailed:
			msg = msgBuildFailed
		case stDeployFailed:
			msg = msgDeployFailed
		case stCreateFailed:
			msg = msgCreateFailed
		default:
			if fail != "" {
				msg = "mock revision ended in " + fail
			}
		}
	}

	build := isBuildSource(source)
	rv := &revision{
		id:          uuid.NewString(),
		dep:         d,
		source:      source,
		ordinal:     len(d.revisions) + 1,
		createdAt:   now,
		cfg:         cfg,
		chain:       buildChain(build, fail),
		failMessage: msg,
		holdIdx:     -1,
	}
	if s.hold {
		idx := 2 // AWAITING_DEPLOY for image sources
		if build {
			idx = 3 // BUILDING
		}
		if idx > len(rv.chain)-2 {
			idx = len(rv.chain) - 2
		}
		rv.holdIdx = idx
	}
	d.revisions = append(d.revisions, rv)
	s.plan(d)
	return rv
}

// refHas reports whether the revision's image_uri or repo_ref contains marker
// (the "fail-build"/"fail-deploy" failure injection).
func refHas(cfg revConfig, marker string) bool {
	return (cfg.imageURI != nil && strings.Contains(*cfg.imageURI, marker)) ||
		(cfg.repoRef != nil && strings.Contains(*cfg.repoRef, marker))
}

// plan computes the time each revision of d reaches each step. With step
// delay t: CREATING at created, QUEUED at created+t, and the remaining steps
// one t apart starting when every older revision has finished (so step i of
// a revision with nothing ahead is reached at created+i*t). A held revision
// stops at its hold step until released. The caller holds s.mu.
func (s *Server) plan(d *deployment) {
	step := s.opts.RevisionStepDelay
	var prevFinish time.Time // latest finish of the older revisions
	for _, rv := range d.revisions {
		at := make([]time.Time, len(rv.chain))
		at[0] = rv.createdAt
		if len(at) > 1 {
			at[1] = rv.createdAt.Add(step)
		}
		start := at[1]
		if prevFinish.After(start) {
			start = prevFinish
		}
		for i := 2; i < len(at); i++ {
			at[i] = addStep(start, time.Duration(i-1)*step)
		}
		if rv.holdIdx >= 0 {
			for i := rv.holdIdx + 1; i < len(at); i++ {
				if rv.releasedAt.IsZero() || at[rv.holdIdx].Equal(never) {
					at[i] = never
					continue
				}
				base := at[rv.holdIdx]
				if rv.releasedAt.After(base) {
					base = rv.releasedAt
				}
				at[i] = base.Add(time.Duration(i-rv.holdIdx) * step)
			}
		}
		rv.at = at
		finish := at[len(at)-1]
		if !rv.skippedAt.IsZero() {
			finish = rv.skippedAt
		}
		if finish.After(prevFinish) {
			prevFinish = finish
		}
	}
}

func addStep(t time.Time, d time.Duration) time.Time {
	if t.Equal(never) {
		return never
	}
	return t.Add(d)
}

// reached returns the index of the last chain step reached by now (ignoring
// a skip) and when it was reached.
func (rv *revision) reached(now time.Time) (int, time.Time) {
	limit := now
	if !rv.skippedAt.IsZero() && rv.skippedAt.Before(limit) {
		limit = rv.skippedAt
	}
	idx := 0
	for i, t := range rv.at {
		if !t.After(limit) {
			idx = i
		}
	}
	return idx, rv.at[idx]
}

// statusAt returns the revision's status at now and when it entered it.
// plan must have run since the deployment's revisions last changed.
func (rv *revision) statusAt(now time.Time) (string, time.Time) {
	if !rv.skippedAt.IsZero() && !now.Before(rv.skippedAt) {
		return stSkipped, rv.skippedAt
	}
	idx, at := rv.reached(now)
	return rv.chain[idx], at
}

// finished reports whether the revision reached its terminal status (or was
// skipped) by now.
func (rv *revision) finished(now time.Time) bool {
	if !rv.skippedAt.IsZero() && !now.Before(rv.skippedAt) {
		return true
	}
	idx, _ := rv.reached(now)
	return idx == len(rv.chain)-1
}

// passed reports whether the revision reached status by now.
func (rv *revision) passed(status string, now time.Time) bool {
	idx, _ := rv.reached(now)
	for i := 0; i <= idx; i++ {
		if rv.chain[i] == status {
			return true
		}
	}
	return false
}

// deployedAt returns when the revision reached DEPLOYED, if it has by now.
func (rv *revision) deployedAt(now time.Time) (time.Time, bool) {
	st, at := rv.statusAt(now)
	if st != stDeployed {
		return time.Time{}, false
	}
	return at, true
}

// commitSHA is the fake commit a github revision's ref resolved to.
func (rv *revision) commitSHA() string {
	ref := ""
	if rv.cfg.repoRef != nil {
		ref = *rv.cfg.repoRef
	}
	return hexOf(40, rv.id, ref)
}

// renderSourceRevisionConfig renders SourceRevisionConfig for the revision
// as of now. For build sources, repo_commit_sha appears once the build was
// queued (AWAITING_BUILD) and image_uri becomes the built image once the
// build finished. A github repo_ref comes back resolved (see resolvedRef),
// so it can differ from what was sent (contract §12).
func (s *Server) renderSourceRevisionConfig(rv *revision, now time.Time, fresh bool) map[string]any {
	repoRef := ptrOrNil(rv.cfg.repoRef)
	if rv.source == "github" && rv.cfg.repoRef != nil {
		repoRef = resolvedRef(*rv.cfg.repoRef)
	}
	out := map[string]any{
		"repo_ref":              repoRef,
		"langgraph_config_path": ptrOrNil(rv.cfg.langgraphConfigPath),
		"image_uri":             ptrOrNil(rv.cfg.imageURI),
		"source_tarball_path":   ptrOrNil(rv.cfg.sourceTarballPath),
		"repo_commit_sha":       nil,
	}
	if isBuildSource(rv.source) {
		out["image_uri"] = nil
		if !fresh && rv.source == "github" && rv.passed(stAwaitingBuild, now) {
			out["repo_commit_sha"] = rv.commitSHA()
		}
		if !fresh && rv.passed(stAwaitingDeploy, now) {
			out["image_uri"] = "us-docker.pkg.dev/langsmith-mock/" + rv.dep.name + ":" + rv.commitSHA()[:7]
		}
	}
	return out
}

// resolvedRef is the full git ref the service reports for a github
// repo_ref: a branch name ("main") becomes "refs/heads/main"; a full ref
// ("refs/tags/v1", "refs/heads/main") stays as sent. The stored ref keeps
// the sent form, so source_config.repo_branch stays the plain branch name.
func resolvedRef(ref string) string {
	if strings.HasPrefix(ref, "refs/") {
		return ref
	}
	return "refs/heads/" + ref
}

// renderRevision renders a Revision (contract §4.6) as of now. fresh renders
// a revision that was created by this very request (status CREATING).
// observe records when a client first saw it DEPLOYED.
func (s *Server) renderRevision(rv *revision, now time.Time, fresh, observe bool) map[string]any {
	status, since := rv.statusAt(now)
	if fresh {
		status, since = stCreating, rv.createdAt
	}
	var msg any
	if !fresh && status != stSkipped && status != stDeployed && rv.finished(now) {
		msg = rv.failMessage
	}
	if observe && status == stDeployed && rv.firstSeenDeployed.IsZero() {
		rv.firstSeenDeployed = now
	}
	return map[string]any{
		"id":                     rv.id,
		"created_at":             ts(rv.createdAt),
		"updated_at":             ts(since),
		"status":                 status,
		"source":                 rv.source,
		"source_revision_config": s.renderSourceRevisionConfig(rv, now, fresh),
		"status_message":         msg,
		"x_mock_generation":      rv.ordinal,
	}
}

// listRevisions serves GET /v2/deployments/{deployment_id}/revisions: the
// deployment's revisions newest first, paginated, optionally filtered by a
// comma-separated status list. A soft-deleted deployment still lists them.
func (s *Server) listRevisions(c *call) {
	id := c.pathUUID("deployment_id")
	limit := c.queryInt("limit", 20, 1, 100)
	offset := c.queryInt("offset", 0, 0, -1)
	c.queryBool("remote_reconciled")
	statusFilter, hasStatus := c.queryString("status")
	if c.invalid() {
		return
	}
	d := s.findDeployment(c.tenant, id, true)
	if d == nil {
		c.detail(http.StatusNotFound, "Deployment ID "+id+" not found.")
		return
	}
	s.plan(d)
	want := map[string]bool{}
	if hasStatus {
		for _, st := range strings.Split(statusFilter, ",") {
			if st = strings.TrimSpace(st); st != "" {
				want[st] = true
			}
		}
	}
	var matched []*revision
	for i := len(d.revisions) - 1; i >= 0; i-- {
		rv := d.revisions[i]
		if st, _ := rv.statusAt(c.now); len(want) > 0 && !want[st] {
			continue
		}
		matched = append(matched, rv)
	}
	lo, hi := page(len(matched), limit, offset)
	resources := make([]any, 0, hi-lo)
	for _, rv := range matched[lo:hi] {
		resources = append(resources, s.renderRevision(rv, c.now, false, true))
	}
	c.json(http.StatusOK, map[string]any{"resources": resources, "offset": offset + len(resources)})
}

// getRevision serves GET /v2/deployments/{deployment_id}/revisions/{revision_id}.
// An unknown deployment gets the deployment 404; an unknown revision of a
// known deployment gets "Revision ID {id} not found.".
func (s *Server) getRevision(c *call) {
	id := c.pathUUID("deployment_id")
	rid := c.pathUUID("revision_id")
	if c.invalid() {
		return
	}
	_, rv := s.revisionOf(c, id, rid, true)
	if rv == nil {
		return
	}
	c.json(http.StatusOK, s.renderRevision(rv, c.now, false, true))
}

// createRevision serves POST /v2/deployments/{deployment_id}/revisions
// (contract §5.9): like a revision-creating PATCH, except that it always
// creates a revision and answers 201 with the Revision.
func (s *Server) createRevision(c *call) {
	id := c.pathUUID("deployment_id")
	body := c.bodyModel(revisionCreateSchema)
	if c.invalid() {
		return
	}
	d := s.findDeployment(c.tenant, id, false)
	if d == nil {
		c.detail(http.StatusNotFound, "Deployment ID "+id+" not found.")
		return
	}
	rv, errStatus, errMsg := s.applyPatch(d, body, true, c.now)
	if errStatus != 0 {
		c.detail(errStatus, errMsg)
		return
	}
	c.json(http.StatusCreated, s.renderRevision(rv, c.now, true, true))
}

// redeployRevision serves POST .../revisions/{revision_id}/redeploy (§5.8):
// it creates a new revision copying the target revision's source revision
// config (everything else carries over from the latest revision) and
// answers 200 with the Deployment. A failed target cannot be redeployed (400).
func (s *Server) redeployRevision(c *call) {
	id := c.pathUUID("deployment_id")
	rid := c.pathUUID("revision_id")
	if c.invalid() {
		return
	}
	d, target := s.revisionOf(c, id, rid, false)
	if target == nil {
		return
	}
	if st, _ := target.statusAt(c.now); isFailure(st) {
		c.detail(http.StatusBadRequest, "Revision "+rid+" cannot be redeployed: status "+st+".")
		return
	}
	cfg := d.latest().cfg.clone()
	cfg.repoRef = target.cfg.repoRef
	cfg.langgraphConfigPath = target.cfg.langgraphConfigPath
	cfg.imageURI = target.cfg.imageURI
	cfg.sourceTarballPath = target.cfg.sourceTarballPath
	rv := s.newRevision(d, target.source, cfg, c.now)
	d.generation++
	d.updatedAt = c.now
	c.json(http.StatusOK, s.renderDeployment(d, c.now, rv, true))
}

// FailNextRevision makes the next created revision end in status
// (BUILD_FAILED, DEPLOY_FAILED or CREATE_FAILED) with status_message message
// (a default message when empty).
func (s *Server) FailNextRevision(status, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = &failSpec{status: status, message: message}
}

// HoldRevisions, while true, makes new revisions stop at BUILDING
// (AWAITING_DEPLOY for image sources) and never finish, for timeout tests.
// Setting it back to false releases the held revisions, which then finish
// one step delay per remaining step.
func (s *Server) HoldRevisions(hold bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold = hold
	if hold {
		return
	}
	now := s.now().UTC()
	for _, d := range s.deployments {
		for _, rv := range d.revisions {
			if rv.holdIdx >= 0 && rv.releasedAt.IsZero() {
				rv.releasedAt = now
			}
		}
		s.plan(d)
	}
}

// RevisionTiming reports when a revision reached DEPLOYED and when a client
// first saw it so.
type RevisionTiming struct {
	DeploymentID string
	RevisionID   string
	// DeployedAt is when the status chain reached DEPLOYED (zero if it has
	// not, or never will).
	DeployedAt time.Time
	// FirstSeenDeployedAt is when an API response first showed the revision
	// DEPLOYED: a GET or list of the revision, or a deployment response whose
	// active_revision_id is the revision (zero if never).
	FirstSeenDeployedAt time.Time
}

// RevisionTimings returns the timing of every revision of every deployment
// that still exists, oldest first.
func (s *Server) RevisionTimings() []RevisionTiming {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UTC()
	var out []RevisionTiming
	for _, d := range s.allDeployments() {
		s.plan(d)
		for _, rv := range d.revisions {
			t := RevisionTiming{DeploymentID: d.id, RevisionID: rv.id, FirstSeenDeployedAt: rv.firstSeenDeployed}
			if at, ok := rv.deployedAt(now); ok {
				t.DeployedAt = at
			}
			out = append(out, t)
		}
	}
	return out
}

// Revisions returns the revisions of a deployment (in any tenant) newest
// first, as the list endpoint would render them, or nil if it is unknown.
func (s *Server) Revisions(deploymentID string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, msg := parseUUID(deploymentID)
	if msg != "" {
		return nil
	}
	d := s.deployments[id]
	if d == nil {
		return nil
	}
	s.plan(d)
	now := s.now().UTC()
	out := make([]map[string]any, 0, len(d.revisions))
	for i := len(d.revisions) - 1; i >= 0; i-- {
		out = append(out, snapshot(s.renderRevision(d.revisions[i], now, false, false)))
	}
	return out
}

// revision finds a revision of d by canonical id.
// revisionOf finds revision rid of deployment id in the caller's tenant
// (soft-deleted deployments too when includeSoftDeleted), brings the
// deployment's revisions up to c.now and returns both; it answers the API's
// 404 for an unknown deployment or revision and returns nils then.
func (s *Server) revisionOf(c *call, id, rid string, includeSoftDeleted bool) (*deployment, *revision) {
	d := s.findDeployment(c.tenant, id, includeSoftDeleted)
	if d == nil {
		c.detail(http.StatusNotFound, "Deployment ID "+id+" not found.")
		return nil, nil
	}
	rv := d.revision(rid)
	if rv == nil {
		c.detail(http.StatusNotFound, "Revision ID "+rid+" not found.")
		return nil, nil
	}
	s.plan(d)
	return d, rv
}

func (d *deployment) revision(id string) *revision {
	for _, rv := range d.revisions {
		if rv.id == id {
			return rv
		}
	}
	return nil
}

// latest returns the newest revision (every deployment has at least one).
func (d *deployment) latest() *revision { return d.revisions[len(d.revisions)-1] }

func ptrOrNil(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

// deepCopy copies a decoded JSON value.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return deepCopyMap(t)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// deepCopyMap copies a decoded JSON object (a nil map gives an empty one, as
// deepCopy does).
func deepCopyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[k] = deepCopy(e)
	}
	return out
}
