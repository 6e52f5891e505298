package mockapi

import (
	"strings"
)

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
// as null, and so are empty lists of the Kubernetes members, at any depth
// (image_pull_secrets: [], a sidecar's args: []). Every other key stays as
// sent, null included.
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
	for _, f := range resourceSpecSchema.fields {
		if _, present := out[f.name]; present && f.s.kind == kList {
			out[f.name] = withoutEmptyLists(f.s, out[f.name])
		}
	}
	return out
}

// withoutEmptyLists returns v (a validated value of s) with every empty list
// of a modelled type replaced by null. Free-form objects (a volume's
// projected.sources, say) are left as sent.
func withoutEmptyLists(s *schema, v any) any {
	switch s.kind {
	case kList:
		items, _ := v.([]any)
		if len(items) == 0 {
			return nil
		}
		out := make([]any, len(items))
		for i, it := range items {
			out[i] = withoutEmptyLists(s.elem, it)
		}
		return out
	case kModel:
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		for _, f := range s.fields {
			if _, present := m[f.name]; present && (f.s.kind == kList || f.s.kind == kModel) {
				m[f.name] = withoutEmptyLists(f.s, m[f.name])
			}
		}
		return m
	}
	return v
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
