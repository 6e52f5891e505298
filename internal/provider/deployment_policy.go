package provider

import (
	"context"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// The attribute policy table of langsmith_deployment (see policy.go). The
// contract sections behind each decision are cited as §N of CONTROL_PLANE.md.

var (
	onlyGithub         = []string{langsmith.SourceGithub}
	onlyExternalDocker = []string{langsmith.SourceExternalDocker}
	onlyTemplate       = []string{langsmith.SourceInternalTemplate}
	// buildSources build an image from source, so install and build
	// commands apply (§4.2).
	buildSources = []string{langsmith.SourceGithub}
	// cloudSources run on LangSmith Cloud, where the Cloud caps of §4.4 hold.
	cloudSources = []string{langsmith.SourceGithub, langsmith.SourceInternalTemplate}
)

// Groups of rows with rules of their own.
const (
	// groupVariables: one list of variables on the API, three attributes
	// here (deployment_variables.go).
	groupVariables = "variables"
	// groupRevisionConfig: source_revision_config and its drift rule
	// (deployment_drift.go).
	groupRevisionConfig = "revision_config"
)

// tierRows are the tier attributes, which their own endpoints set (§5.10).
var tierRows = []string{"deployment_tier", "compute_tier", "database_tier"}

// isCloudSource reports whether deployments of source run on LangSmith Cloud.
func isCloudSource(source string) bool {
	for _, s := range cloudSources {
		if s == source {
			return true
		}
	}
	return false
}

// specField is one numeric field of resource_spec (§4.4): its schema, how it
// maps onto langsmith.ResourceSpec, and its policy.
type specField struct {
	name, desc string
	ints       func(*langsmith.ResourceSpec) **int64
	floats     func(*langsmith.ResourceSpec) **float64
	// min is the smallest value the schema accepts; cloudMax, when set, the
	// largest on LangSmith Cloud (self-hosted has no caps, §4.4).
	min, cloudMax float64
	// derive lists what the API sets the field to when a request leaves it
	// null: a factor times another field ("Limits default to 2x the request
	// when unset", queue values default to the API server's). A field with
	// nothing derived is server-defaulted (min_scale, cpu, ...) or null.
	derive []specDerivation
	// memory marks MB fields the API is said to want in multiples of 128
	// (inferred, so a warning, not an error).
	memory bool
}

type specDerivation struct {
	from   string
	factor float64
}

func twice(from string) specDerivation { return specDerivation{from: from, factor: 2} }
func same(from string) specDerivation  { return specDerivation{from: from, factor: 1} }

var resourceSpecFields = []specField{
	{name: "min_scale", desc: "Minimum number of API server replicas. Only `dev_zero`/`dev_free_zero` Cloud deployments may scale to 0.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.MinScale }, min: 0},
	{name: "max_scale", desc: "Maximum number of API server replicas; at least `min_scale`.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.MaxScale }, min: 1},
	{name: "cpu", desc: "CPU request of each API server replica, in cores: at least 0.1, at most 8 on LangSmith Cloud; the API rounds it to 0.1.", floats: func(s *langsmith.ResourceSpec) **float64 { return &s.CPU }, min: 0.1, cloudMax: 8},
	{name: "cpu_limit", desc: "CPU limit of each API server replica, in cores (at most 16 on LangSmith Cloud). When not set, the API makes it twice `cpu`.", floats: func(s *langsmith.ResourceSpec) **float64 { return &s.CPULimit }, min: 0.1, cloudMax: 16, derive: []specDerivation{twice("cpu")}},
	{name: "memory_mb", desc: "Memory request of each API server replica, in MB (multiples of 128).", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.MemoryMB }, min: 1, memory: true},
	{name: "memory_limit_mb", desc: "Memory limit of each API server replica, in MB. When not set, the API makes it twice `memory_mb`.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.MemoryLimitMB }, min: 1, memory: true, derive: []specDerivation{twice("memory_mb")}},
	{name: "queue_min_scale", desc: "Minimum number of queue worker replicas. When not set, the API uses `min_scale`.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.QueueMinScale }, min: 0, derive: []specDerivation{same("min_scale")}},
	{name: "queue_max_scale", desc: "Maximum number of queue worker replicas. When not set, the API uses `max_scale`.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.QueueMaxScale }, min: 1, derive: []specDerivation{same("max_scale")}},
	{name: "queue_cpu", desc: "CPU request of each queue worker, in cores (at most 8 on LangSmith Cloud; rounded to 0.1). When not set, the API uses `cpu`.", floats: func(s *langsmith.ResourceSpec) **float64 { return &s.QueueCPU }, min: 0.1, cloudMax: 8, derive: []specDerivation{same("cpu")}},
	{name: "queue_cpu_limit", desc: "CPU limit of each queue worker, in cores (at most 16 on LangSmith Cloud). When not set, the API makes it twice `queue_cpu`.", floats: func(s *langsmith.ResourceSpec) **float64 { return &s.QueueCPULimit }, min: 0.1, cloudMax: 16, derive: []specDerivation{twice("queue_cpu"), same("cpu_limit")}},
	{name: "queue_memory_mb", desc: "Memory request of each queue worker, in MB. When not set, the API uses `memory_mb`.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.QueueMemoryMB }, min: 1, memory: true, derive: []specDerivation{same("memory_mb")}},
	{name: "queue_memory_limit_mb", desc: "Memory limit of each queue worker, in MB. When not set, the API makes it twice `queue_memory_mb`.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.QueueMemoryLimitMB }, min: 1, memory: true, derive: []specDerivation{twice("queue_memory_mb"), same("memory_limit_mb")}},
	{name: "redis_cpu", desc: "CPU request of the Redis instance, in cores (at most 8 on LangSmith Cloud; rounded to 0.1).", floats: func(s *langsmith.ResourceSpec) **float64 { return &s.RedisCPU }, min: 0.1, cloudMax: 8},
	{name: "redis_cpu_limit", desc: "CPU limit of the Redis instance, in cores (at most 16 on LangSmith Cloud). When not set, the API makes it twice `redis_cpu`.", floats: func(s *langsmith.ResourceSpec) **float64 { return &s.RedisCPULimit }, min: 0.1, cloudMax: 16, derive: []specDerivation{twice("redis_cpu")}},
	{name: "redis_memory_mb", desc: "Memory request of the Redis instance, in MB.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.RedisMemoryMB }, min: 1, memory: true},
	{name: "redis_memory_limit_mb", desc: "Memory limit of the Redis instance, in MB; at least `redis_memory_mb`. When not set, the API uses `redis_memory_mb`.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.RedisMemoryLimitMB }, min: 1, memory: true, derive: []specDerivation{same("redis_memory_mb")}},
	{name: "db_cpu", desc: "CPU request of the Postgres database, in cores (rounded to 0.1).", floats: func(s *langsmith.ResourceSpec) **float64 { return &s.DBCPU }, min: 0.1},
	{name: "db_cpu_limit", desc: "CPU limit of the Postgres database, in cores. When not set, the API makes it twice `db_cpu`.", floats: func(s *langsmith.ResourceSpec) **float64 { return &s.DBCPULimit }, min: 0.1, derive: []specDerivation{twice("db_cpu")}},
	{name: "db_memory_mb", desc: "Memory request of the Postgres database, in MB.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.DBMemoryMB }, min: 1, memory: true},
	{name: "db_memory_limit_mb", desc: "Memory limit of the Postgres database, in MB. When not set, the API makes it twice `db_memory_mb`.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.DBMemoryLimitMB }, min: 1, memory: true, derive: []specDerivation{twice("db_memory_mb")}},
	{name: "db_storage_gi", desc: "Storage of the Postgres database, in GiB.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.DBStorageGi }, min: 1},
	{name: "db_max_connections", desc: "Maximum number of Postgres connections.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.DBMaxConnections }, min: 1},
	{name: "core_cpu", desc: "CPU request of the core API sidecar, in cores: at least 0.1; the API rounds it to 0.1.", floats: func(s *langsmith.ResourceSpec) **float64 { return &s.CoreCPU }, min: 0.1},
	{name: "core_cpu_limit", desc: "CPU limit of the core API sidecar, in cores (at least 0.1). When not set, the API makes it twice `core_cpu`.", floats: func(s *langsmith.ResourceSpec) **float64 { return &s.CoreCPULimit }, min: 0.1, derive: []specDerivation{twice("core_cpu")}},
	{name: "core_memory_mb", desc: "Memory request of the core API sidecar, in MB.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.CoreMemoryMB }, min: 1, memory: true},
	{name: "core_memory_limit_mb", desc: "Memory limit of the core API sidecar, in MB. When not set, the API makes it twice `core_memory_mb`.", ints: func(s *langsmith.ResourceSpec) **int64 { return &s.CoreMemoryLimitMB }, min: 1, memory: true, derive: []specDerivation{twice("core_memory_mb")}},
}

// specFieldNamed returns the resource_spec field called name, or nil.
func specFieldNamed(name string) *specField {
	for i := range resourceSpecFields {
		if resourceSpecFields[i].name == name {
			return &resourceSpecFields[i]
		}
	}
	return nil
}

// lowerString is the normal form of a UUID: the API answers in lower case.
func lowerString(v attr.Value) attr.Value {
	s, ok := v.(types.String)
	if !ok || !isSet(s) {
		return v
	}
	return types.StringValue(strings.ToLower(s.ValueString()))
}

// roundCPU is the API's normal form of a CPU amount: rounded to 0.1 (§4.4).
func roundCPU(x float64) float64 { return math.Round(x*10) / 10 }

func normaliseCPU(v attr.Value) attr.Value {
	f, ok := v.(types.Float64)
	if !ok || f.IsNull() || f.IsUnknown() {
		return v
	}
	return decimalFloat(roundCPU(f.ValueFloat64()))
}

// decimalFloat is f as a Terraform number that is the decimal it prints as
// (0.6, not the binary float64 nearest to it): what a configuration's "0.6"
// parses to, so a value read from the API compares equal to the same value
// written in HCL (generated configuration, for one), and plans show no
// change.
func decimalFloat(f float64) types.Float64 {
	bf, _, err := big.ParseFloat(strconv.FormatFloat(f, 'g', -1, 64), 10, 512, big.ToNearestEven)
	if err != nil {
		return types.Float64Value(f)
	}
	v, err := types.Float64Type.ValueFromTerraform(context.Background(), tftypes.NewValue(tftypes.Number, bf))
	if err != nil {
		return types.Float64Value(f)
	}
	out, _ := v.(types.Float64)
	return out
}

// decimalFloatPointer is decimalFloat for a nullable API value.
func decimalFloatPointer(f *float64) types.Float64 {
	if f == nil {
		return types.Float64Null()
	}
	return decimalFloat(*f)
}

// numberOf returns a known number attribute as a float64.
func numberOf(v attr.Value) (float64, bool) {
	switch x := v.(type) {
	case types.Float64:
		if isSet(x) {
			return x.ValueFloat64(), true
		}
	case types.Int64:
		if isSet(x) {
			return float64(x.ValueInt64()), true
		}
	}
	return 0, false
}

// derivedValues returns what the API derives field f as from the spec
// object spec (in the API's normal form), for every candidate derivation
// whose inputs are set.
func (f *specField) derivedValues(spec map[string]attr.Value) []attr.Value {
	var out []attr.Value
	for _, d := range f.derive {
		base, ok := numberOf(spec[d.from])
		if !ok {
			continue
		}
		if from := specFieldNamed(d.from); from != nil && from.floats != nil {
			base = roundCPU(base)
		}
		if f.floats != nil {
			out = append(out, decimalFloat(roundCPU(base*d.factor)))
		} else {
			out = append(out, types.Int64Value(int64(math.Round(base*d.factor))))
		}
	}
	return out
}

// deploymentPolicy is the table. Besides the columns, three groups of rows
// have behaviour of their own, referenced here and implemented next to
// their conversions: the variables (deployment_variables.go: one list on the
// API, three attributes in HCL), source_revision_config (its drift rule,
// deployment_drift.go), and the revision-describing computed attributes
// (unknown only in a plan that rolls out a revision, ModifyPlan).
var deploymentPolicy = buildDeploymentPolicy()

func buildDeploymentPolicy() policyTable {
	t := policyTable{
		{path: "id", kind: kindStableComputed},
		{path: "name", kind: kindUserSet, change: changeReplace, removal: removalRefused, empty: emptyRefused,
			matrix: &matrixValues{set: `"mx-NAME"`, change: `"mx-NAME-2"`, empty: `""`}},
		{path: "source", kind: kindUserSet, change: changeReplace, removal: removalRefused, empty: emptyRefused},
		// display_name is PATCHed after create and cannot be cleared (§4.1).
		{path: "display_name", keepWhenNull: true, kind: kindServerDefaulted, change: changeInPlace, removal: removalKeepsServer, empty: emptyRefused,
			matrix: &matrixValues{set: `"Support Agent"`, change: `"Support Agent 2"`, empty: `""`}},
		{path: "source_config", kind: kindObject},
		{path: "source_config.integration_id", required: true, kind: kindUserSet, change: changeReplace, removal: removalReplaces, empty: emptyRefused, sources: onlyGithub,
			matrix: &matrixValues{set: `"INTEGRATION_1"`, change: `"INTEGRATION_2"`, empty: `""`, source: langsmith.SourceGithub}},
		{path: "source_config.repo_url", required: true, kind: kindUserSet, change: changeReplace, removal: removalReplaces, empty: emptyRefused, sources: onlyGithub,
			matrix: &matrixValues{set: `"https://github.com/acme/support-agent"`, change: `"https://github.com/acme/other-agent"`, empty: `""`, source: langsmith.SourceGithub}},
		// The API defaults deployment_type to prod (§3.4); configuring another
		// value replaces the deployment, leaving it out keeps the current one.
		{path: "source_config.deployment_type", kind: kindServerDefaulted, change: changeReplace, removal: removalKeepsServer, empty: emptyRefused,
			matrix: &matrixValues{set: `"dev"`, change: `"prod"`, empty: `""`, source: langsmith.SourceGithub}},
		// build_on_push cannot be cleared (§4.2); leaving it out means the
		// github create default, false, so removing it turns it off.
		{path: "source_config.build_on_push", kind: kindServerDefaulted, change: changeInPlace, removal: removalDefault, empty: emptyNotApplicable, sources: onlyGithub,
			def:    buildOnPushDefault,
			matrix: &matrixValues{set: `false`, change: `true`, source: langsmith.SourceGithub}},
		// custom_url can be set only for external_docker; for other sources
		// the API fills in the serving URL, which is the top-level url here,
		// so state holds null there (generated configuration must not carry
		// it). It cannot be cleared (§4.2).
		{path: "source_config.custom_url", keepWhenNull: true, kind: kindServerDefaulted, change: changeInPlace, removal: removalKeepsServer, empty: emptyRefused, sources: onlyExternalDocker,
			matrix: &matrixValues{set: `"https://agent.example.com"`, change: `"https://agent2.example.com"`, empty: `""`, source: langsmith.SourceExternalDocker}},
		// A non-null resource_spec replaces the whole spec and rolls out a
		// revision (§4.2); fields left out keep the server's value, derived
		// ones follow their inputs (see specPolicy).
		{path: "source_config.resource_spec", keepWhenNull: true, kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer},
	}
	t = append(t, specPolicy()...)
	t = append(t, policyTable{
		{path: "source_config.resource_spec.labels", kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyEqualsNull,
			matrix: &matrixValues{set: `{ team = "agents" }`, change: `{ team = "agents", tier = "gold" }`, empty: `{}`, source: langsmith.SourceExternalDocker}},
		{path: "source_config.resource_spec.annotations", kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyEqualsNull,
			matrix: &matrixValues{set: `{ "example.com/owner" = "agents" }`, change: `{ "example.com/owner" = "platform" }`, empty: `{}`, source: langsmith.SourceExternalDocker}},
		{path: "source_config.resource_spec.service_account_name", kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyRefused,
			matrix: &matrixValues{set: `"agent-sa"`, change: `"agent-sa-2"`, empty: `""`, source: langsmith.SourceExternalDocker}},
		// The Kubernetes members (deployment_spec_kube.go) follow the spec:
		// a change rolls out a revision, left out they keep the API's value,
		// and the API may answer [] as null. JSON members compare by meaning:
		// a configuration that only re-spells one plans nothing.
		{path: "source_config.resource_spec.image_pull_secrets", kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyEqualsNull,
			normalise: normaliseKube, normaliseDesc: kubeNormalDesc, keepEquivalent: true,
			matrix: &matrixValues{set: `[{ name = "registry" }]`, change: `[{ name = "registry" }, { name = "mirror" }]`, empty: `[]`, source: langsmith.SourceExternalDocker}},
		{path: "source_config.resource_spec.volumes", kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyEqualsNull,
			normalise: normaliseKube, normaliseDesc: kubeNormalDesc, keepEquivalent: true,
			matrix: &matrixValues{set: `[{ name = "cache", empty_dir = jsonencode({ medium = "Memory" }) }]`,
				change:     `[{ name = "cache", empty_dir = jsonencode({}) }, { name = "config", config_map = jsonencode({ name = "agent-config", defaultMode = 420 }) }]`,
				empty:      `[]`,
				normalised: `[{ name = "cache", empty_dir = "{ \"sizeLimit\" : \"1Gi\",\n  \"medium\": \"Memory\" }" }]`, source: langsmith.SourceExternalDocker}},
		{path: "source_config.resource_spec.volume_mounts", kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyEqualsNull,
			normalise: normaliseKube, normaliseDesc: kubeNormalDesc, keepEquivalent: true,
			matrix: &matrixValues{set: `[{ name = "cache", mount_path = "/cache" }]`,
				change: `[{ name = "cache", mount_path = "/cache", read_only = true, mount_propagation = "None" }]`, empty: `[]`, source: langsmith.SourceExternalDocker}},
		{path: "source_config.resource_spec.init_containers", kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyEqualsNull,
			normalise: normaliseKube, normaliseDesc: kubeNormalDesc, keepEquivalent: true,
			matrix: &matrixValues{set: `[{ name = "migrate", image = "registry.example.com/migrate:1", command = ["/migrate"] }]`,
				change:     `[{ name = "migrate", image = "registry.example.com/migrate:2", command = ["/migrate", "--all"] }]`,
				empty:      `[]`,
				normalised: `[{ name = "migrate", image = "registry.example.com/migrate:2", args = [], security_context = "{\"runAsUser\": 1000,  \"runAsNonRoot\": true}" }]`, source: langsmith.SourceExternalDocker}},
		{path: "source_config.resource_spec.sidecars", kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyEqualsNull,
			normalise: normaliseKube, normaliseDesc: kubeNormalDesc, keepEquivalent: true,
			matrix: &matrixValues{set: `[{ name = "proxy", image = "envoyproxy/envoy:v1.31.0", env = [{ name = "LOG_LEVEL", value = "info" }] }]`,
				change:     `[{ name = "proxy", image = "envoyproxy/envoy:v1.31.0", env = [{ name = "LOG_LEVEL", value = "debug" }], resources = { limits = { cpu = "500m" } } }]`,
				empty:      `[]`,
				normalised: `[{ name = "proxy", image = "envoyproxy/envoy:v1.31.0", env_from = ["{ \"configMapRef\": {\"name\": \"proxy-env\"} }"], resources = { requests = {} } }]`, source: langsmith.SourceExternalDocker}},
		// Required (400) when the workspace has listeners (§4.2), which
		// ModifyPlan checks, so removing it is refused then.
		{path: "source_config.listener_id", kind: kindUserSet, change: changeReplace, removal: removalRefused, empty: emptyRefused, sources: onlyExternalDocker,
			matrix: &matrixValues{set: `langsmith_listener.one.id`, change: `langsmith_listener.two.id`, empty: `""`, source: langsmith.SourceExternalDocker}},
		// listener_config is not echoed reliably (§4.2): state keeps it as
		// configured (create-only).
		{path: "source_config.listener_config", kind: kindUserSet, change: changeReplace, removal: removalReplaces, sources: onlyExternalDocker},
		{path: "source_config.listener_config.k8s_namespace", kind: kindUserSet, change: changeReplace, removal: removalReplaces, empty: emptyRefused, sources: onlyExternalDocker,
			matrix: &matrixValues{set: `"agents"`, change: `"batch"`, empty: `""`, source: langsmith.SourceExternalDocker}},
		// Install and build commands: nulls are merged (§5.4), so the API
		// cannot clear them; leaving them out keeps the current command.
		{path: "source_config.install_command", keepWhenNull: true, kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyRefused, sources: buildSources,
			matrix: &matrixValues{set: `"npm ci"`, change: `"npm install"`, empty: `""`, source: langsmith.SourceGithub}},
		{path: "source_config.build_command", keepWhenNull: true, kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyRefused, sources: buildSources,
			matrix: &matrixValues{set: `"npm run build"`, change: `"npm run build:prod"`, empty: `""`, source: langsmith.SourceGithub}},
		{path: "source_config.template_id", required: true, kind: kindUserSet, change: changeReplace, removal: removalReplaces, empty: emptyRefused, sources: onlyTemplate,
			matrix: &matrixValues{set: `"tmpl-1"`, change: `"tmpl-2"`, empty: `""`, source: langsmith.SourceInternalTemplate}},
		{path: "source_revision_config", group: groupRevisionConfig, kind: kindObject},
		// The API fills in the repository's default branch when repo_ref is
		// left out (§5.2), and keeps the current ref on a later revision.
		{path: "source_revision_config.repo_ref", group: groupRevisionConfig, kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyRefused, sources: onlyGithub,
			matrix: &matrixValues{set: `"release"`, change: `"main"`, empty: `""`, source: langsmith.SourceGithub}},
		{path: "source_revision_config.langgraph_config_path", required: true, group: groupRevisionConfig, kind: kindUserSet, change: changeRevision, removal: removalRefused, empty: emptyRefused, sources: onlyGithub,
			matrix: &matrixValues{set: `"langgraph.json"`, change: `"agents/langgraph.json"`, empty: `""`, source: langsmith.SourceGithub}},
		{path: "source_revision_config.image_uri", required: true, group: groupRevisionConfig, kind: kindUserSet, change: changeRevision, removal: removalRefused, empty: emptyRefused, sources: onlyExternalDocker,
			matrix: &matrixValues{set: `"registry.example.com/agent:1.0.0"`, change: `"registry.example.com/agent:1.1.0"`, empty: `""`, source: langsmith.SourceExternalDocker}},
		// The variables: one list on the API (§4.5), three attributes here.
		// Null secrets means "the variables the server has besides the
		// others" (imports and generated configuration keep them); {} means
		// none. The API cannot remove the last variable ([] is "unchanged",
		// §5.4): refused at plan time.
		{path: "environment_variables", group: groupVariables, kind: kindUserSet, change: changeRevision, removal: removalClears, empty: emptyEqualsNull,
			matrix: &matrixValues{set: `{ LOG_LEVEL = "info" }`, change: `{ LOG_LEVEL = "debug" }`, empty: `{}`}},
		{path: "secrets", group: groupVariables, kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyEqualsNull,
			matrix: &matrixValues{set: `{ OPENAI_API_KEY = "sk-one" }`, change: `{ OPENAI_API_KEY = "sk-two" }`, empty: `{}`}},
		{path: "secrets_wo", group: groupVariables, kind: kindWriteOnly, change: changeRevision, removal: removalClears, empty: emptyEqualsNull,
			matrix: &matrixValues{set: `{ WO_TOKEN = "wo-one" }`, change: `{ WO_TOKEN = "wo-two" }`, empty: `{}`}},
		{path: "secrets_wo_version", group: groupVariables, kind: kindUserSet, change: changeRevision, removal: removalClears,
			matrix: &matrixValues{set: `1`, change: `2`}},
		// environment_hash verifies write-only values only when the provider
		// has a hash key (see deployment_variables.go).
		{path: "environment_hash", group: groupVariables, kind: kindRevisionComputed},
		// secret_references: [] clears them, omitting keeps them (§5.4).
		{path: "secret_references", kind: kindUserSet, change: changeRevision, removal: removalClears, empty: emptyEqualsNull, sources: onlyExternalDocker,
			matrix: &matrixValues{set: `[{ name = "DB_URL", secret_name = "db", secret_key = "url" }]`, change: `[{ name = "DB_URL", secret_name = "db2", secret_key = "url" }]`, empty: `[]`, source: langsmith.SourceExternalDocker}},
		// Only read by destroy (§5.5).
		{path: "delete_tracing_project", kind: kindLocal, change: changeLocal, removal: removalDefault, def: func(string) attr.Value { return types.BoolValue(false) },
			matrix: &matrixValues{set: `false`, change: `true`}},
		// The workspace: the provider's at create, then the state's for every
		// request (§2); a changed value here replaces the deployment.
		{path: "workspace_id", kind: kindServerDefaulted, change: changeReplace, removal: removalKeepsServer, empty: emptyRefused,
			normalise: lowerString, normaliseDesc: "UUIDs compared case-insensitively",
			matrix: &matrixValues{set: `"WORKSPACE_1"`, change: `"WORKSPACE_2"`, empty: `""`}},
		// status: the deployment's infrastructure status settles with a
		// rollout; url is assigned once, when the first revision deploys (it
		// is custom_url for external_docker; ModifyPlan plans that).
		{path: "status", kind: kindRevisionComputed},
		{path: "url", kind: kindStableComputed, derivedFrom: []string{"source_config.custom_url"}},
		{path: "created_at", kind: kindStableComputed},
		{path: "updated_at", kind: kindVolatileComputed},
		{path: "latest_revision_id", kind: kindRevisionComputed},
		{path: "active_revision_id", kind: kindRevisionComputed},
		{path: "latest_revision_status", kind: kindRevisionComputed},
		{path: "image_version", kind: kindRevisionComputed},
		{path: "tracer_session_id", kind: kindStableComputed},
		// repo_branch follows repo_ref; repo_commit_sha is the latest
		// revision's (github only: null for other sources).
		{path: "repo_branch", kind: kindDerivedComputed, derivedFrom: []string{"source_revision_config.repo_ref", "tracked_repo_ref"}, sources: onlyGithub},
		{path: "repo_commit_sha", kind: kindRevisionComputed, sources: onlyGithub},
		// Tiers (§5.10): set through their own endpoints after create, each
		// change rolling out a revision. The compute and database tiers
		// follow deployment_tier unless configured; servers without tiers
		// answer null, and state keeps what was configured.
		{path: "deployment_tier", keepWhenNull: true, kind: kindServerDefaulted, change: changeRevision, removal: removalKeepsServer, empty: emptyRefused,
			matrix: &matrixValues{set: `"DEDICATED_S"`, change: `"DEDICATED_M"`, empty: `""`}},
		{path: "compute_tier", keepWhenNull: true, kind: kindDerived, derivedFrom: []string{"deployment_tier"}, change: changeRevision, removal: removalKeepsServer, empty: emptyRefused,
			matrix: &matrixValues{set: `"DEDICATED_M"`, change: `"DEDICATED_L"`, empty: `""`}},
		{path: "database_tier", keepWhenNull: true, kind: kindDerived, derivedFrom: []string{"deployment_tier"}, change: changeRevision, removal: removalKeepsServer, empty: emptyRefused,
			matrix: &matrixValues{set: `"DEDICATED_M"`, change: `"DEDICATED_L"`, empty: `""`}},
		// shareable is not in the PATCH schema (§6): create-only.
		{path: "shareable", kind: kindServerDefaulted, change: changeReplace, removal: removalKeepsServer,
			matrix: &matrixValues{set: `true`, change: `false`}},
		// route_through_gateway is PATCHed in place (§6, inferred); left out
		// it is the API's default, false.
		{path: "route_through_gateway", kind: kindServerDefaulted, change: changeInPlace, removal: removalDefault, def: func(string) attr.Value { return types.BoolValue(false) },
			matrix: &matrixValues{set: `false`, change: `true`}},
		// tracked_repo_ref retargets the tracked branch without a build
		// (§5.4); the API reports it as repo_branch, which follows repo_ref
		// unless it was set. A revision built from another ref may reset it,
		// so apply sends it again after such a revision.
		{path: "tracked_repo_ref", keepWhenNull: true, kind: kindDerived, derivedFrom: []string{"source_revision_config.repo_ref"}, change: changeInPlace, removal: removalKeepsServer, empty: emptyRefused, sources: onlyGithub,
			matrix: &matrixValues{set: `"develop"`, change: `"release"`, empty: `""`, source: langsmith.SourceGithub}},
		{path: "timeouts", kind: kindLocal, change: changeLocal, removal: removalClears,
			matrix: &matrixValues{set: `{ create = "20m" }`, change: `{ create = "25m", update = "10m" }`}},
	}...)
	return t
}

// specPolicy returns the rows of the numeric resource_spec fields.
func specPolicy() policyTable {
	rows := make(policyTable, 0, len(resourceSpecFields))
	for i := range resourceSpecFields {
		f := &resourceSpecFields[i]
		row := attrPolicy{
			path: "source_config.resource_spec." + f.name, kind: kindServerDefaulted,
			change: changeRevision, removal: removalKeepsServer,
		}
		if len(f.derive) > 0 {
			row.kind = kindDerived
			row.derive = f.derivedValues
			for _, d := range f.derive {
				row.derivedFrom = append(row.derivedFrom, "source_config.resource_spec."+d.from)
			}
		}
		if f.floats != nil {
			row.normalise, row.normaliseDesc = normaliseCPU, "rounded to 0.1"
			row.matrix = &matrixValues{set: `2`, change: `3`, normalised: `0.55`, source: langsmith.SourceExternalDocker}
		} else {
			switch {
			case f.memory:
				row.matrix = &matrixValues{set: `1024`, change: `1536`, source: langsmith.SourceExternalDocker}
			case f.min == 0:
				// Scaling to zero is allowed off Cloud; 0 and 1 stay below
				// the default maximum of 1.
				row.matrix = &matrixValues{set: `0`, change: `1`, source: langsmith.SourceExternalDocker}
			default:
				row.matrix = &matrixValues{set: `2`, change: `3`, source: langsmith.SourceExternalDocker}
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// buildOnPushDefault is build_on_push when left out: false for github (the
// create default, §4.2), nothing for the sources it does not apply to.
func buildOnPushDefault(source string) attr.Value {
	if source == langsmith.SourceGithub {
		return types.BoolValue(false)
	}
	return nil
}
