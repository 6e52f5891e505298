package mockapi

import (
	"net/url"
	"strings"
)

// apiHostPrefix is the self-hosted base path (contract §1); every route is
// served with and without it.
const apiHostPrefix = "/api-host"

// route is one method on one path template.
type route struct {
	method   string
	template string
	segs     []string
	handler  func(*call)
}

// key is the counter/fault key of a route: "METHOD /template".
func (rt *route) key() string { return rt.method + " " + rt.template }

// buildRoutes lists every served route in match order. As in Starlette, the
// first route whose path and method match wins, so literal paths
// (free-count, mcp-discover) come before the templated ones they overlap.
func (s *Server) buildRoutes() []route {
	defs := []struct {
		method, template string
		h                func(*call)
	}{
		// Deployments (contract §5).
		{"GET", "/v2/deployments", s.listDeployments},
		{"POST", "/v2/deployments", s.createDeployment},
		{"GET", "/v2/deployments/free-count", s.freeCount},
		{"GET", "/v2/deployments/{deployment_id}", s.getDeployment},
		{"PATCH", "/v2/deployments/{deployment_id}", s.patchDeployment},
		{"DELETE", "/v2/deployments/{deployment_id}", s.deleteDeployment},
		{"GET", "/v2/deployments/{deployment_id}/revisions", s.listRevisions},
		{"POST", "/v2/deployments/{deployment_id}/revisions", s.createRevision},
		{"GET", "/v2/deployments/{deployment_id}/revisions/{revision_id}", s.getRevision},
		{"POST", "/v2/deployments/{deployment_id}/revisions/{revision_id}/redeploy", s.redeployRevision},
		{"PATCH", "/v2/deployments/{deployment_id}/deployment-tier", s.patchDeploymentTier},
		{"PATCH", "/v2/deployments/{deployment_id}/resource-tiers", s.patchResourceTiers},
		{"GET", "/v2/deployments/{deployment_id}/revisions/{revision_id}/logs", s.getRevisionLogs}, // logs.go
		// Listeners (§9).
		{"GET", "/v2/listeners", s.listListeners},
		{"POST", "/v2/listeners", s.createListener},
		{"GET", "/v2/listeners/{listener_id}", s.getListener},
		{"PATCH", "/v2/listeners/{listener_id}", s.patchListener},
		{"DELETE", "/v2/listeners/{listener_id}", s.deleteListener},
		// Integrations (§8).
		{"GET", "/v1/integrations/github/install", s.listIntegrations},
		{"GET", "/v1/integrations/github/{integration_id}/repos", s.listRepos},
		{"GET", "/v1/integrations/forge/github/install", s.listIntegrations},
		{"GET", "/v1/integrations/forge/github/{integration_id}/repos", s.listRepos},
		// Auth service OAuth providers (§10).
		{"GET", "/v2/auth/providers", s.listProviders},
		{"POST", "/v2/auth/providers", s.createProvider},
		{"GET", "/v2/auth/providers/{provider_id}", s.getProvider},
		{"PATCH", "/v2/auth/providers/{provider_id}", s.patchProvider},
		{"DELETE", "/v2/auth/providers/{provider_id}", s.deleteProvider},
	}
	routes := make([]route, len(defs))
	for i, d := range defs {
		routes[i] = route{method: d.method, template: d.template, segs: strings.Split(strings.TrimPrefix(d.template, "/"), "/"), handler: d.h}
	}
	return routes
}

// matchResult is the outcome of routing one request.
type matchResult struct {
	key      string
	route    *route            // nil: no route for this method
	params   map[string]string // path parameters, unescaped
	allow    []string          // methods served on the path when route is nil
	redirect string            // trailing-slash redirect target
}

// match routes a request path (already stripped of /api-host).
func (s *Server) match(method, escapedPath string) matchResult {
	if res, ok := s.matchExact(method, escapedPath); ok {
		return res
	}
	if len(escapedPath) > 1 && strings.HasSuffix(escapedPath, "/") {
		trimmed := strings.TrimRight(escapedPath, "/")
		if _, ok := s.matchExact(method, trimmed); ok {
			return matchResult{key: method + " " + escapedPath, redirect: trimmed}
		}
	}
	return matchResult{key: method + " " + unescapePath(escapedPath)}
}

// matchExact finds the first route matching path and method; when only the
// path matches it returns the methods allowed there (a 405).
func (s *Server) matchExact(method, escapedPath string) (matchResult, bool) {
	raw := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	segs := make([]string, len(raw))
	for i, r := range raw {
		u, err := url.PathUnescape(r)
		if err != nil {
			return matchResult{}, false
		}
		segs[i] = u
	}
	var partial *route
	var allow []string
	for i := range s.routes {
		rt := &s.routes[i]
		params, ok := rt.matchPath(segs)
		if !ok {
			continue
		}
		if rt.method == method {
			return matchResult{key: rt.key(), route: rt, params: params}, true
		}
		if partial == nil {
			partial = rt
		}
		if rt.template == partial.template {
			allow = append(allow, rt.method)
		}
	}
	if partial != nil {
		return matchResult{key: method + " " + partial.template, allow: allow}, true
	}
	return matchResult{}, false
}

// matchPath matches path segments against the template, capturing
// {parameters}. Empty segments never match a parameter.
func (rt *route) matchPath(segs []string) (map[string]string, bool) {
	if len(segs) != len(rt.segs) {
		return nil, false
	}
	var params map[string]string
	for i, t := range rt.segs {
		if strings.HasPrefix(t, "{") {
			if segs[i] == "" {
				return nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[strings.Trim(t, "{}")] = segs[i]
			continue
		}
		if segs[i] != t {
			return nil, false
		}
	}
	return params, true
}

func unescapePath(p string) string {
	if u, err := url.PathUnescape(p); err == nil {
		return u
	}
	return p
}
