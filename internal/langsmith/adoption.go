package langsmith

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// The API has no idempotency key, so a create that ends ambiguously (the
// connection dropped after the request was written, a timeout, a 5xx from a
// proxy) leaves the client not knowing whether the object exists. The rule,
// the same for deployments, listeners and OAuth providers:
//
//   - the object is looked up by the key the API keeps unique (a
//     deployment's name in the workspace, a listener's compute_id, an OAuth
//     provider's provider_id);
//   - it is adopted only when exactly one candidate exists, its server
//     created_at falls inside the attempt window (from just before the first
//     POST to the lookup), widened by ClockSkew on both sides for the
//     difference between this machine's clock and the server's, and every
//     field the request set matches what the server reports;
//   - no candidate means the request did not get through: it is sent again;
//   - any other candidate (created before the attempt, or different) is
//     someone else's: the create fails with an *ExistingObjectError naming
//     its ID, never adopting it, so Terraform neither records nor later
//     deletes an object it did not create.

// ClockSkew is the allowance for the difference between the client's clock
// and the server's when comparing a created_at with the attempt window.
const ClockSkew = 2 * time.Minute

// ExistingObjectError reports that an object with the key of a create
// already exists on the server and was not created by this request.
type ExistingObjectError struct {
	Kind, Key, ID string
	// Reason says why it was not adopted.
	Reason string
	// Cause is the create's own failure (a 409, or the ambiguous error).
	Cause error
}

func (e *ExistingObjectError) Error() string {
	msg := fmt.Sprintf("%s %q already exists (ID %s) and was not created by this request: %s", e.Kind, e.Key, e.ID, e.Reason)
	if e.Cause != nil {
		msg = e.Cause.Error() + "; " + msg
	}
	return msg
}

func (e *ExistingObjectError) Unwrap() error { return e.Cause }

// attemptWindow is the span in which an object this client created must
// have been created.
type attemptWindow struct{ start time.Time }

func newAttemptWindow() attemptWindow { return attemptWindow{start: time.Now()} }

// contains reports whether created falls inside the window, with ClockSkew.
func (w attemptWindow) contains(created time.Time) bool {
	return !created.Before(w.start.Add(-ClockSkew)) && !created.After(time.Now().Add(ClockSkew))
}

// mismatch collects the differences between a request and an object.
type mismatch []string

func (m *mismatch) str(field string, sent, got *string) {
	if sent != nil && (got == nil || *got != *sent) {
		*m = append(*m, fmt.Sprintf("%s is %s, the request had %q", field, quotedOrNull(got), *sent))
	}
}

func quotedOrNull(s *string) string {
	if s == nil {
		return "null"
	}
	return fmt.Sprintf("%q", *s)
}

// sameRef compares git refs as the API may resolve them (refs/heads/main
// for main).
func sameRef(a, b string) bool {
	return strings.TrimPrefix(a, "refs/heads/") == strings.TrimPrefix(b, "refs/heads/")
}

// deploymentMismatch lists how d differs from what req asked for: name,
// source, the create-only source configuration and the revision
// configuration the request set.
func deploymentMismatch(req *DeploymentCreateRequest, d *Deployment) mismatch {
	var m mismatch
	if d.Name != req.Name {
		m = append(m, fmt.Sprintf("name is %q", d.Name))
	}
	if d.Source != req.Source {
		m = append(m, fmt.Sprintf("source is %q, the request had %q", d.Source, req.Source))
	}
	sc, got := req.SourceConfig, d.SourceConfig
	m.str("source_config.integration_id", sc.IntegrationID, got.IntegrationID)
	m.str("source_config.repo_url", sc.RepoURL, got.RepoURL)
	m.str("source_config.deployment_type", sc.DeploymentType, got.DeploymentType)
	m.str("source_config.listener_id", sc.ListenerID, got.ListenerID)
	m.str("source_config.template_id", sc.TemplateID, got.TemplateID)
	m.str("source_config.custom_url", sc.CustomURL, got.CustomURL)
	src, gotSrc := req.SourceRevisionConfig, d.SourceRevisionConfig
	if src.RepoRef != nil && (gotSrc.RepoRef == nil || !sameRef(*src.RepoRef, *gotSrc.RepoRef)) {
		m = append(m, fmt.Sprintf("source_revision_config.repo_ref is %s, the request had %q", quotedOrNull(gotSrc.RepoRef), *src.RepoRef))
	}
	m.str("source_revision_config.langgraph_config_path", src.LanggraphConfigPath, gotSrc.LanggraphConfigPath)
	if req.Source != SourceGithub {
		// A github deployment reports the image it built.
		m.str("source_revision_config.image_uri", src.ImageURI, gotSrc.ImageURI)
	}
	return m
}

// adoptDeployment is the check of an ambiguous CreateDeployment: whether
// the deployment this request created exists, by the rule above.
func (c *Client) adoptDeployment(ctx context.Context, req *DeploymentCreateRequest, w attemptWindow, cause func() error, out *Deployment) (bool, error) {
	all, err := c.ListDeployments(ctx, ListDeploymentsParams{Name: req.Name, NameContains: req.Name})
	if err != nil {
		return false, err
	}
	var candidates []Deployment
	for _, d := range all {
		if d.Name == req.Name {
			candidates = append(candidates, d)
		}
	}
	if len(candidates) == 0 {
		return false, nil
	}
	d := candidates[0]
	reason := ""
	switch {
	case len(candidates) > 1:
		reason = fmt.Sprintf("%d deployments have that name", len(candidates))
	case !w.contains(d.CreatedAt):
		reason = fmt.Sprintf("it was created at %s, before this request was sent (%s, allowing %s of clock skew)",
			d.CreatedAt.UTC().Format(time.RFC3339), w.start.UTC().Format(time.RFC3339), ClockSkew)
	default:
		if m := deploymentMismatch(req, &d); len(m) > 0 {
			reason = "its configuration differs from the request: " + strings.Join(m, "; ")
		}
	}
	if reason != "" {
		return false, &ExistingObjectError{Kind: "deployment", Key: req.Name, ID: d.ID, Reason: reason, Cause: cause()}
	}
	c.logf(ctx, "adopted deployment created by an ambiguous request", map[string]any{"deployment_id": d.ID, "name": d.Name})
	*out = d
	return true, nil
}

// adoptListener is the check of an ambiguous CreateListener.
func (c *Client) adoptListener(ctx context.Context, req *ListenerCreateRequest, w attemptWindow, cause func() error, out *Listener) (bool, error) {
	all, err := c.ListListeners(ctx)
	if err != nil {
		return false, err
	}
	var found *Listener
	for i := range all {
		if all[i].ComputeID == req.ComputeID {
			found = &all[i]
			break
		}
	}
	if found == nil {
		return false, nil
	}
	reason := ""
	switch {
	case !w.contains(found.CreatedAt):
		reason = fmt.Sprintf("it was created at %s, before this request was sent (%s, allowing %s of clock skew)",
			found.CreatedAt.UTC().Format(time.RFC3339), w.start.UTC().Format(time.RFC3339), ClockSkew)
	case found.ComputeType != req.ComputeType:
		reason = fmt.Sprintf("its compute_type is %q, the request had %q", found.ComputeType, req.ComputeType)
	case !sameStrings(found.ComputeConfig.K8sNamespaces, req.ComputeConfig.K8sNamespaces):
		reason = fmt.Sprintf("its k8s_namespaces are %v, the request had %v", found.ComputeConfig.K8sNamespaces, req.ComputeConfig.K8sNamespaces)
	}
	if reason != "" {
		return false, &ExistingObjectError{Kind: "listener for compute_id", Key: req.ComputeID, ID: found.ID, Reason: reason, Cause: cause()}
	}
	c.logf(ctx, "adopted listener created by an ambiguous request", map[string]any{"listener_id": found.ID, "compute_id": found.ComputeID})
	*out = *found
	return true, nil
}

// adoptOAuthProvider is the check of an ambiguous CreateOAuthProvider.
func (c *Client) adoptOAuthProvider(ctx context.Context, req *OAuthProviderCreateRequest, w attemptWindow, cause func() error, out *OAuthProvider) (bool, error) {
	p, err := c.GetOAuthProvider(ctx, req.ProviderID)
	if IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var m mismatch
	for _, f := range []struct {
		name      string
		sent, got string
	}{
		{"name", req.Name, p.Name}, {"client_id", req.ClientID, p.ClientID}, {"auth_url", req.AuthURL, p.AuthURL}, {"token_url", req.TokenURL, p.TokenURL},
	} {
		if f.sent != f.got {
			m = append(m, fmt.Sprintf("%s is %q, the request had %q", f.name, f.got, f.sent))
		}
	}
	m.str("provider_type", req.ProviderType, p.ProviderType)
	reason := ""
	switch {
	case !w.contains(p.CreatedAt):
		reason = fmt.Sprintf("it was created at %s, before this request was sent (%s, allowing %s of clock skew)",
			p.CreatedAt.UTC().Format(time.RFC3339), w.start.UTC().Format(time.RFC3339), ClockSkew)
	case len(m) > 0:
		reason = "its configuration differs from the request: " + strings.Join(m, "; ")
	}
	if reason != "" {
		return false, &ExistingObjectError{Kind: "OAuth provider", Key: req.ProviderID, ID: p.ID, Reason: reason, Cause: cause()}
	}
	c.logf(ctx, "adopted OAuth provider created by an ambiguous request", map[string]any{"provider_id": p.ProviderID, "id": p.ID})
	*out = *p
	return true, nil
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		if seen[s] == 0 {
			return false
		}
		seen[s]--
	}
	return true
}
