package mockapi

import (
	"net/http"
	"strings"

	"github.com/google/uuid"
)

// SeedIntegrationID is the id of the GitHub integration every Server starts
// with: installation 4242 of the account "acme", with the repositories
// acme/support-agent (default branch main) and acme/research-agent (default
// branch develop).
const SeedIntegrationID = "9a1f3c2e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"

// integration is a GitHub App installation (contract §8). Integrations
// belong to the organisation, so every tenant sees the same ones.
type integration struct {
	id             string
	installationID int64
	name           string
	repos          []repo
}

type repo struct {
	id            int64
	owner, name   string
	defaultBranch string
}

func (r repo) url() string { return "https://github.com/" + r.owner + "/" + r.name }

// seedIntegrations installs the seed GitHub integration.
func (s *Server) seedIntegrations() {
	s.integrations = []*integration{{
		id:             SeedIntegrationID,
		installationID: 4242,
		name:           "acme",
		repos: []repo{
			{id: 812345001, owner: "acme", name: "support-agent", defaultBranch: "main"},
			{id: 812345002, owner: "acme", name: "research-agent", defaultBranch: "develop"},
		},
	}}
}

// AddGithubIntegration adds a GitHub integration for the account name with
// the given repositories and returns its id. A repository is "owner/repo",
// or just "repo" (owned by name); an "@branch" suffix sets its default
// branch, which is otherwise main.
func (s *Server) AddGithubIntegration(name string, repos ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	last := s.integrations[len(s.integrations)-1]
	in := &integration{id: uuid.NewString(), installationID: last.installationID + 1, name: name}
	nextRepoID := int64(812345001 + 1000*len(s.integrations))
	for _, spec := range repos {
		branch := "main"
		if i := strings.LastIndex(spec, "@"); i >= 0 {
			spec, branch = spec[:i], spec[i+1:]
		}
		owner, repoName := name, spec
		if i := strings.Index(spec, "/"); i >= 0 {
			owner, repoName = spec[:i], spec[i+1:]
		}
		in.repos = append(in.repos, repo{id: nextRepoID, owner: owner, name: repoName, defaultBranch: branch})
		nextRepoID++
	}
	s.integrations = append(s.integrations, in)
	return in.id
}

// listIntegrations serves GET /v1/integrations/github/install (and its forge
// twin): every GitHub integration, as a bare JSON array.
func (s *Server) listIntegrations(c *call) {
	out := make([]any, 0, len(s.integrations))
	for _, in := range s.integrations {
		out = append(out, map[string]any{"id": in.id, "installation_id": in.installationID, "name": in.name})
	}
	c.json(http.StatusOK, out)
}

// listRepos serves GET /v1/integrations/github/{integration_id}/repos: the
// repositories the installation can access, or 404 for an unknown one.
func (s *Server) listRepos(c *call) {
	id := c.pathUUID("integration_id")
	if c.invalid() {
		return
	}
	in := s.findIntegration(id)
	if in == nil {
		c.detail(http.StatusNotFound, "Integration ID "+id+" not found.")
		return
	}
	out := make([]any, 0, len(in.repos))
	for _, r := range in.repos {
		out = append(out, map[string]any{
			"host_integration_id": in.id,
			"id":                  r.id,
			"name":                r.name,
			"owner":               r.owner,
			"url":                 r.url(),
			"default_branch":      r.defaultBranch,
		})
	}
	c.json(http.StatusOK, out)
}

func (s *Server) findIntegration(id string) *integration {
	for _, in := range s.integrations {
		if in.id == id {
			return in
		}
	}
	return nil
}

// defaultBranch is the branch a github deployment created without repo_ref
// builds: the repository's default branch when the integration knows the
// repository, main otherwise.
func (s *Server) defaultBranch(integrationID, repoURL *string) string {
	if integrationID == nil || repoURL == nil {
		return "main"
	}
	in := s.findIntegration(*integrationID)
	if in == nil {
		return "main"
	}
	want := strings.TrimSuffix(strings.TrimSuffix(*repoURL, "/"), ".git")
	for _, r := range in.repos {
		if strings.EqualFold(r.url(), want) {
			return r.defaultBranch
		}
	}
	return "main"
}
