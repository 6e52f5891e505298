package mockapi

import "regexp"

// Request models of the Control Plane API (contract §4, §5, §9, §10),
// expressed in the small schema language of validate.go. Field order is the
// declaration order of the published models, which is the order pydantic
// reports errors in. Keys not listed here are dropped silently, as pydantic
// does, so a client sending e.g. display_name on create sees it ignored.

// Enumerations (contract §3.4).
var (
	deploymentSources = []string{"github", "external_docker", "internal_docker", "internal_source", "internal_template"}
	revisionSources   = []string{"github", "internal_docker", "internal_source"}
	deploymentTypes   = []string{"dev_free", "dev", "prod", "dev_zero", "dev_free_zero"}
	deploymentTiers   = []string{"SERVERLESS_S", "SERVERLESS_M", "SERVERLESS_L", "DEDICATED_S", "DEDICATED_M", "DEDICATED_L"}
	providerTypes     = []string{"microsoft", "salesforce", "slack", "x"}
	tokenAuthMethods  = []string{"none", "client_secret_basic", "client_secret_post"}
)

// deploymentNamePattern is the name rule of contract §11.2.
var deploymentNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// maxDeploymentNameLen is the longest accepted deployment name (a DNS label).
const maxDeploymentNameLen = 63

var localObjectReferenceSchema = model(
	req("name", str()),
)

var volumeSchema = model(
	opt("name", str()),
	nullable("configMap", dict()),
	nullable("secret", dict()),
	nullable("emptyDir", dict()),
	nullable("persistentVolumeClaim", dict()),
	nullable("nfs", dict()),
	nullable("projected", dict()),
	nullable("downwardAPI", dict()),
	nullable("csi", dict()),
)

var volumeMountSchema = model(
	opt("name", str()),
	opt("mountPath", str()),
	nullable("subPath", str()),
	nullable("mountPropagation", str()),
	nullable("readOnly", boolean()),
	nullable("subPathExpr", str()),
)

var envVarSchema = model(
	req("name", str()),
	nullable("value", str()),
	nullable("valueFrom", dict()),
)

var resourceRequirementsSchema = model(
	nullable("limits", strMap()),
	nullable("requests", strMap()),
)

var containerSchema = model(
	req("name", str()),
	req("image", str()),
	nullable("imagePullPolicy", str()),
	nullable("command", list(str())),
	nullable("args", list(str())),
	nullable("workingDir", str()),
	nullable("env", list(envVarSchema)),
	nullable("envFrom", list(dict())),
	nullable("resources", resourceRequirementsSchema),
	nullable("volumeMounts", list(volumeMountSchema)),
	nullable("securityContext", dict()),
	nullable("restartPolicy", str()),
)

// resourceSpecSchema is ResourceSpec (S3 field set, §4.4). Every field is
// nullable; the response carries every key. Every cpu-valued field,
// Postgres's included, is a cpu(): at least 0.1 and rounded to 0.1. The
// server-derived values are filled by withResourceDefaults.
var resourceSpecSchema = model(
	nullable("min_scale", integer()),
	nullable("max_scale", integer()),
	nullable("cpu", cpu()),
	nullable("cpu_limit", cpu()),
	nullable("memory_mb", integer()),
	nullable("memory_limit_mb", integer()),
	nullable("queue_min_scale", integer()),
	nullable("queue_max_scale", integer()),
	nullable("queue_cpu", cpu()),
	nullable("queue_cpu_limit", cpu()),
	nullable("queue_memory_mb", integer()),
	nullable("queue_memory_limit_mb", integer()),
	nullable("redis_cpu", cpu()),
	nullable("redis_cpu_limit", cpu()),
	nullable("redis_memory_mb", integer()),
	nullable("redis_memory_limit_mb", integer()),
	nullable("core_cpu", cpu()),
	nullable("core_cpu_limit", cpu()),
	nullable("core_memory_mb", integer()),
	nullable("core_memory_limit_mb", integer()),
	nullable("labels", strMap()),
	nullable("annotations", strMap()),
	nullable("service_account_name", str()),
	nullable("image_pull_secrets", list(localObjectReferenceSchema)),
	nullable("volumes", list(volumeSchema)),
	nullable("volume_mounts", list(volumeMountSchema)),
	nullable("init_containers", list(containerSchema)),
	nullable("sidecars", list(containerSchema)),
	nullable("db_cpu", cpu()),
	nullable("db_cpu_limit", cpu()),
	nullable("db_memory_mb", integer()),
	nullable("db_memory_limit_mb", integer()),
	nullable("db_storage_gi", integer()),
	nullable("db_max_connections", integer()),
)

var listenerConfigSchema = model(
	nullable("k8s_namespace", str()),
)

// sourceConfigRequestSchema is SourceConfigRequest (§4.2): SourceConfig minus
// the response-only repo_branch, plus the create-only template_id.
var sourceConfigRequestSchema = model(
	nullable("integration_id", uuidT()),
	nullable("repo_url", str()),
	nullable("deployment_type", enum(deploymentTypes...)),
	nullable("build_on_push", boolean()),
	nullable("custom_url", str()),
	nullable("resource_spec", resourceSpecSchema),
	nullable("listener_id", uuidT()),
	nullable("listener_config", listenerConfigSchema),
	nullable("install_command", str()),
	nullable("build_command", str()),
	nullable("template_id", str()),
)

// sourceRevisionConfigRequestSchema is SourceRevisionConfigRequest (§4.3).
var sourceRevisionConfigRequestSchema = model(
	nullable("repo_ref", str()),
	nullable("langgraph_config_path", str()),
	nullable("image_uri", str()),
	nullable("source_tarball_path", str()),
)

var secretSchema = model(
	req("name", str()),
	req("value", str()),
)

var secretReferenceSchema = model(
	req("name", str()),
	req("secret_name", str()),
	req("secret_key", str()),
)

// deploymentCreateSchema is DeploymentCreateRequest (§5.2). display_name is
// not part of it, so it is dropped.
var deploymentCreateSchema = model(
	req("name", &schema{kind: kString, maxLen: maxDeploymentNameLen, pattern: deploymentNamePattern}),
	req("source", enum(deploymentSources...)),
	req("source_config", sourceConfigRequestSchema),
	req("source_revision_config", sourceRevisionConfigRequestSchema),
	req("secrets", list(secretSchema)),
	nullable("secret_references", list(secretReferenceSchema)),
	opt("shareable", boolean()),
	opt("route_through_gateway", boolean()),
)

// deploymentPatchSchema is DeploymentPatchRequest (§5.4). name, source and
// shareable are not part of it, so a PATCH carrying them is silently ignored
// for those keys.
var deploymentPatchSchema = model(
	nullable("display_name", &schema{kind: kString, minLen: 1}),
	nullable("revision_source", enum(revisionSources...)),
	nullable("source_config", sourceConfigRequestSchema),
	nullable("source_revision_config", sourceRevisionConfigRequestSchema),
	nullable("secrets", list(secretSchema)),
	nullable("secret_references", list(secretReferenceSchema)),
	nullable("tracked_repo_ref", &schema{kind: kString, minLen: 1}),
	nullable("deployment_tier", enum(deploymentTiers...)),
	nullable("route_through_gateway", boolean()),
	nullable("tracked_packages", list(str())),
)

// revisionCreateSchema is the body of POST /v2/deployments/{id}/revisions
// (§5.9, inferred): the revision-creating subset of a PATCH.
var revisionCreateSchema = model(
	nullable("revision_source", enum(revisionSources...)),
	nullable("source_config", sourceConfigRequestSchema),
	nullable("source_revision_config", sourceRevisionConfigRequestSchema),
	nullable("secrets", list(secretSchema)),
	nullable("secret_references", list(secretReferenceSchema)),
	nullable("tracked_packages", list(str())),
)

var listenerComputeConfigSchema = model(
	nullable("k8s_namespaces", list(str())),
)

// listenerCreateSchema is ListenerCreateRequest (§9).
var listenerCreateSchema = model(
	nullable("version", str()),
	req("compute_type", literal("k8s")),
	req("compute_id", str()),
	req("compute_config", listenerComputeConfigSchema),
)

// listenerPatchSchema is ListenerPatchRequest (§9); compute_type and
// compute_id are not part of it.
var listenerPatchSchema = model(
	nullable("version", str()),
	nullable("compute_config", listenerComputeConfigSchema),
)

// providerCreateSchema is OAuthProviderCreateRequest (§10).
var providerCreateSchema = model(
	req("provider_id", str()),
	req("name", str()),
	req("client_id", str()),
	nullable("client_secret", str()),
	req("auth_url", str()),
	req("token_url", str()),
	opt("uses_pkce", boolean()),
	opt("code_challenge_method", str()),
	nullable("provider_type", enum(providerTypes...)),
	opt("token_endpoint_auth_method", enum(tokenAuthMethods...)),
	nullable("authorization_params", strMap()),
	nullable("allowed_redirect_uris", list(str())),
)

// providerUpdateSchema is OAuthProviderUpdateRequest (§10). provider_type and
// token_endpoint_auth_method are not part of it, so they cannot be changed.
var providerUpdateSchema = model(
	nullable("name", str()),
	nullable("client_id", str()),
	nullable("client_secret", str()),
	nullable("auth_url", str()),
	nullable("token_url", str()),
	nullable("uses_pkce", boolean()),
	nullable("code_challenge_method", str()),
	nullable("authorization_params", strMap()),
	nullable("allowed_redirect_uris", list(str())),
)

// fill renders a normalised value for a response: models get every declared
// key (null when absent), recursively, as pydantic serialises response models.
func fill(s *schema, v any) any {
	if v == nil {
		return nil
	}
	switch s.kind {
	case kModel:
		m, _ := v.(map[string]any)
		out := make(map[string]any, len(s.fields))
		for _, f := range s.fields {
			out[f.name] = fill(f.s, m[f.name])
		}
		return out
	case kList:
		items, _ := v.([]any)
		out := make([]any, len(items))
		for i, it := range items {
			out[i] = fill(s.elem, it)
		}
		return out
	}
	return v
}
