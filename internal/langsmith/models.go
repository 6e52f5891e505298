package langsmith

import "time"

// Deployment source values (contract §3.4).
const (
	SourceGithub           = "github"
	SourceExternalDocker   = "external_docker"
	SourceInternalDocker   = "internal_docker"
	SourceInternalSource   = "internal_source"
	SourceInternalTemplate = "internal_template"
)

// Revision status values (contract §7.2).
const (
	RevisionCreating       = "CREATING"
	RevisionQueued         = "QUEUED"
	RevisionAwaitingBuild  = "AWAITING_BUILD"
	RevisionBuilding       = "BUILDING"
	RevisionAwaitingDeploy = "AWAITING_DEPLOY"
	RevisionDeploying      = "DEPLOYING"
	RevisionCreateFailed   = "CREATE_FAILED"
	RevisionBuildFailed    = "BUILD_FAILED"
	RevisionDeployFailed   = "DEPLOY_FAILED"
	RevisionDeployed       = "DEPLOYED"
	RevisionSkipped        = "SKIPPED"
	RevisionInterrupted    = "INTERRUPTED"
	RevisionUnknown        = "UNKNOWN"
)

// Deployment status values (contract §7.1).
const (
	DeploymentAwaitingDatabase    = "AWAITING_DATABASE"
	DeploymentReady               = "READY"
	DeploymentUnused              = "UNUSED"
	DeploymentAwaitingDelete      = "AWAITING_DELETE"
	DeploymentAwaitingFinalDelete = "AWAITING_FINAL_DELETE"
	DeploymentUnknown             = "UNKNOWN"
)

// Secret is one environment variable of a deployment's revision.
type Secret struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// SecretReference points at a key of an existing Kubernetes Secret (external_docker only).
type SecretReference struct {
	Name       string `json:"name"`
	SecretName string `json:"secret_name"`
	SecretKey  string `json:"secret_key"`
}

// ListenerConfig places an external_docker deployment in a listener's namespace.
type ListenerConfig struct {
	K8sNamespace *string `json:"k8s_namespace"`
}

// ResourceSpec is the compute specification of a deployment. Every field is
// nullable; the server fills defaults. Fields this client does not model are
// kept in Extra so that a read-merge-write round trip preserves them.
type ResourceSpec struct {
	MinScale           *int64            `json:"min_scale,omitempty"`
	MaxScale           *int64            `json:"max_scale,omitempty"`
	CPU                *float64          `json:"cpu,omitempty"`
	CPULimit           *float64          `json:"cpu_limit,omitempty"`
	MemoryMB           *int64            `json:"memory_mb,omitempty"`
	MemoryLimitMB      *int64            `json:"memory_limit_mb,omitempty"`
	QueueMinScale      *int64            `json:"queue_min_scale,omitempty"`
	QueueMaxScale      *int64            `json:"queue_max_scale,omitempty"`
	QueueCPU           *float64          `json:"queue_cpu,omitempty"`
	QueueCPULimit      *float64          `json:"queue_cpu_limit,omitempty"`
	QueueMemoryMB      *int64            `json:"queue_memory_mb,omitempty"`
	QueueMemoryLimitMB *int64            `json:"queue_memory_limit_mb,omitempty"`
	RedisCPU           *float64          `json:"redis_cpu,omitempty"`
	RedisCPULimit      *float64          `json:"redis_cpu_limit,omitempty"`
	RedisMemoryMB      *int64            `json:"redis_memory_mb,omitempty"`
	RedisMemoryLimitMB *int64            `json:"redis_memory_limit_mb,omitempty"`
	DBCPU              *float64          `json:"db_cpu,omitempty"`
	DBCPULimit         *float64          `json:"db_cpu_limit,omitempty"`
	DBMemoryMB         *int64            `json:"db_memory_mb,omitempty"`
	DBMemoryLimitMB    *int64            `json:"db_memory_limit_mb,omitempty"`
	DBStorageGi        *int64            `json:"db_storage_gi,omitempty"`
	DBMaxConnections   *int64            `json:"db_max_connections,omitempty"`
	CoreCPU            *float64          `json:"core_cpu,omitempty"`
	CoreCPULimit       *float64          `json:"core_cpu_limit,omitempty"`
	CoreMemoryMB       *int64            `json:"core_memory_mb,omitempty"`
	CoreMemoryLimitMB  *int64            `json:"core_memory_limit_mb,omitempty"`
	Labels             map[string]string `json:"labels,omitempty"`
	Annotations        map[string]string `json:"annotations,omitempty"`
	ServiceAccountName *string           `json:"service_account_name,omitempty"`
	// The Kubernetes members (§4.4). A nil list is not sent; an empty one
	// is sent as []. A non-null spec replaces the whole spec on the API, so
	// either way the deployment has none afterwards.
	ImagePullSecrets []LocalObjectReference `json:"image_pull_secrets,omitzero"`
	Volumes          []Volume               `json:"volumes,omitzero"`
	VolumeMounts     []VolumeMount          `json:"volume_mounts,omitzero"`
	InitContainers   []Container            `json:"init_containers,omitzero"`
	Sidecars         []Container            `json:"sidecars,omitzero"`
	// Extra holds every other key the server sent (fields newer than this
	// client). MarshalJSON writes them back.
	Extra map[string]any `json:"-"`
}

// KubeObject is a free-form Kubernetes object (a volume source, a
// securityContext, an envFrom entry, ...). Numbers keep their JSON spelling
// (json.Number), so a round trip changes nothing. Members of this type are
// sent whenever non-nil: an empty object ({}, as in emptyDir: {}) means
// something in Kubernetes.
type KubeObject map[string]any

// LocalObjectReference names an object in the deployment's namespace (an
// image pull secret).
type LocalObjectReference struct {
	Name string `json:"name"`
}

// Volume is a Kubernetes volume of the deployment's pods: a name and one
// source. Extra keeps keys this client does not model.
type Volume struct {
	Name                  string         `json:"name"`
	ConfigMap             KubeObject     `json:"configMap,omitzero"`
	Secret                KubeObject     `json:"secret,omitzero"`
	EmptyDir              KubeObject     `json:"emptyDir,omitzero"`
	PersistentVolumeClaim KubeObject     `json:"persistentVolumeClaim,omitzero"`
	NFS                   KubeObject     `json:"nfs,omitzero"`
	Projected             KubeObject     `json:"projected,omitzero"`
	DownwardAPI           KubeObject     `json:"downwardAPI,omitzero"`
	CSI                   KubeObject     `json:"csi,omitzero"`
	Extra                 map[string]any `json:"-"`
}

// VolumeMount mounts a volume into a container.
type VolumeMount struct {
	Name             string  `json:"name"`
	MountPath        string  `json:"mountPath"`
	SubPath          *string `json:"subPath,omitempty"`
	MountPropagation *string `json:"mountPropagation,omitempty"`
	ReadOnly         *bool   `json:"readOnly,omitempty"`
	SubPathExpr      *string `json:"subPathExpr,omitempty"`
}

// EnvVar is one environment variable of an init container or sidecar.
type EnvVar struct {
	Name      string     `json:"name"`
	Value     *string    `json:"value,omitempty"`
	ValueFrom KubeObject `json:"valueFrom,omitzero"`
}

// ResourceRequirements are a container's Kubernetes resource limits and
// requests ("cpu": "500m", "memory": "256Mi").
type ResourceRequirements struct {
	Limits   map[string]string `json:"limits,omitzero"`
	Requests map[string]string `json:"requests,omitzero"`
}

// Container is an init container or sidecar. Extra keeps keys this client
// does not model.
type Container struct {
	Name            string                `json:"name"`
	Image           string                `json:"image"`
	ImagePullPolicy *string               `json:"imagePullPolicy,omitempty"`
	Command         []string              `json:"command,omitzero"`
	Args            []string              `json:"args,omitzero"`
	WorkingDir      *string               `json:"workingDir,omitempty"`
	Env             []EnvVar              `json:"env,omitzero"`
	EnvFrom         []KubeObject          `json:"envFrom,omitzero"`
	Resources       *ResourceRequirements `json:"resources,omitempty"`
	VolumeMounts    []VolumeMount         `json:"volumeMounts,omitzero"`
	SecurityContext KubeObject            `json:"securityContext,omitzero"`
	RestartPolicy   *string               `json:"restartPolicy,omitempty"`
	Extra           map[string]any        `json:"-"`
}

// SourceConfig is the source configuration of a deployment. The same type
// serves requests and responses; RepoBranch is response-only.
type SourceConfig struct {
	IntegrationID  *string         `json:"integration_id,omitempty"`
	RepoURL        *string         `json:"repo_url,omitempty"`
	DeploymentType *string         `json:"deployment_type,omitempty"`
	BuildOnPush    *bool           `json:"build_on_push,omitempty"`
	CustomURL      *string         `json:"custom_url,omitempty"`
	ResourceSpec   *ResourceSpec   `json:"resource_spec,omitempty"`
	ListenerID     *string         `json:"listener_id,omitempty"`
	ListenerConfig *ListenerConfig `json:"listener_config,omitempty"`
	InstallCommand *string         `json:"install_command,omitempty"`
	BuildCommand   *string         `json:"build_command,omitempty"`
	TemplateID     *string         `json:"template_id,omitempty"`
	RepoBranch     *string         `json:"repo_branch,omitempty"`
}

// SourceRevisionConfig describes one revision's source. RepoCommitSHA is response-only.
type SourceRevisionConfig struct {
	RepoRef             *string `json:"repo_ref,omitempty"`
	LanggraphConfigPath *string `json:"langgraph_config_path,omitempty"`
	ImageURI            *string `json:"image_uri,omitempty"`
	SourceTarballPath   *string `json:"source_tarball_path,omitempty"`
	RepoCommitSHA       *string `json:"repo_commit_sha,omitempty"`
}

// Deployment is the API's Deployment object (contract §4.1).
type Deployment struct {
	ID                   string               `json:"id"`
	Name                 string               `json:"name"`
	Source               string               `json:"source"`
	SourceConfig         SourceConfig         `json:"source_config"`
	SourceRevisionConfig SourceRevisionConfig `json:"source_revision_config"`
	Secrets              []Secret             `json:"secrets"`
	SecretReferences     []SecretReference    `json:"secret_references"`
	TenantID             *string              `json:"tenant_id"`
	CreatedAt            time.Time            `json:"created_at"`
	UpdatedAt            time.Time            `json:"updated_at"`
	Status               string               `json:"status"`
	LatestRevisionID     *string              `json:"latest_revision_id"`
	ActiveRevisionID     *string              `json:"active_revision_id"`
	ImageVersion         *string              `json:"image_version"`
	Shareable            *bool                `json:"shareable"`
	RouteThroughGateway  *bool                `json:"route_through_gateway"`
	TracerSessionID      *string              `json:"tracer_session_id"`
	URL                  *string              `json:"url"`
	IsPreview            *bool                `json:"is_preview"`
	DisplayName          *string              `json:"display_name"`
	IsManagedDeepAgent   *bool                `json:"is_managed_deep_agent"`
	DeploymentTier       *string              `json:"deployment_tier"`
	ComputeTier          *string              `json:"compute_tier"`
	DatabaseTier         *string              `json:"database_tier"`
}

// DeploymentCreateRequest is the body of POST /v2/deployments. Secrets is
// always sent (the API rejects a create without it), as [] when empty.
type DeploymentCreateRequest struct {
	Name                 string               `json:"name"`
	Source               string               `json:"source"`
	SourceConfig         SourceConfig         `json:"source_config"`
	SourceRevisionConfig SourceRevisionConfig `json:"source_revision_config"`
	Secrets              []Secret             `json:"secrets"`
	SecretReferences     []SecretReference    `json:"secret_references,omitempty"`
	Shareable            *bool                `json:"shareable,omitempty"`
	RouteThroughGateway  *bool                `json:"route_through_gateway,omitempty"`
}

// DeploymentPatchRequest is the body of PATCH /v2/deployments/{id}. Nil
// fields are omitted, which the API reads as "leave unchanged".
type DeploymentPatchRequest struct {
	DisplayName          *string               `json:"display_name,omitempty"`
	SourceConfig         *SourceConfig         `json:"source_config,omitempty"`
	SourceRevisionConfig *SourceRevisionConfig `json:"source_revision_config,omitempty"`
	Secrets              []Secret              `json:"secrets,omitempty"`
	// SecretReferences is sent whenever non-nil; an empty, non-nil slice clears them.
	SecretReferences    *[]SecretReference `json:"secret_references,omitempty"`
	RouteThroughGateway *bool              `json:"route_through_gateway,omitempty"`
	// TrackedRepoRef retargets the git ref a github deployment tracks
	// without building (§5.4); it comes back as source_config.repo_branch.
	TrackedRepoRef *string `json:"tracked_repo_ref,omitempty"`
	// ExpectedLatestRevisionID is not sent. It is the deployment's
	// latest_revision_id before a revision-creating patch; after an ambiguous
	// failure, a different value on the server means the patch was applied.
	// When empty, PatchDeployment reads the deployment first to learn it.
	ExpectedLatestRevisionID string `json:"-"`
}

// ListDeploymentsParams are the filters of GET /v2/deployments. Zero values are not sent.
type ListDeploymentsParams struct {
	Name           string
	NameContains   string
	Status         string
	DeploymentType string
	ImageVersion   string
	// DeploymentIDs and TagValueIDs are lists of UUIDs, sent comma-separated
	// as deployment_ids and tag_value_ids (contract §5.1).
	DeploymentIDs []string
	TagValueIDs   []string
	// URL is the exact serving URL (S3; older servers ignore it).
	URL string
	// PageSize is the limit sent per page (1..100); 0 means 100.
	PageSize int
}

// Revision is one revision of a deployment (contract §4.6).
type Revision struct {
	ID                   string               `json:"id"`
	CreatedAt            time.Time            `json:"created_at"`
	UpdatedAt            time.Time            `json:"updated_at"`
	Status               string               `json:"status"`
	Source               string               `json:"source"`
	SourceRevisionConfig SourceRevisionConfig `json:"source_revision_config"`
	StatusMessage        *string              `json:"status_message"`
}

// ListRevisionsParams are the filters of GET /v2/deployments/{id}/revisions.
type ListRevisionsParams struct {
	// Status is a list of revision statuses, sent comma-separated.
	Status []string
	// Limit caps the total number of revisions returned; 0 means all.
	Limit int
}

// RevisionCreateRequest is the body of POST /v2/deployments/{id}/revisions.
type RevisionCreateRequest struct {
	SourceConfig         *SourceConfig         `json:"source_config,omitempty"`
	SourceRevisionConfig *SourceRevisionConfig `json:"source_revision_config,omitempty"`
	Secrets              []Secret              `json:"secrets,omitempty"`
	SecretReferences     *[]SecretReference    `json:"secret_references,omitempty"`
	// ExpectedLatestRevisionID is not sent; it plays the role it plays in
	// DeploymentPatchRequest.
	ExpectedLatestRevisionID string `json:"-"`
}

// Listener is a self-hosted compute target (contract §9).
type Listener struct {
	ID            string                `json:"id"`
	ComputeType   string                `json:"compute_type"`
	ComputeID     string                `json:"compute_id"`
	ComputeConfig ListenerComputeConfig `json:"compute_config"`
	Version       *string               `json:"version"`
	CreatedAt     time.Time             `json:"created_at"`
	UpdatedAt     time.Time             `json:"updated_at"`
}

// ListenerComputeConfig lists the namespaces a listener may deploy into.
type ListenerComputeConfig struct {
	K8sNamespaces []string `json:"k8s_namespaces"`
}

// ListenerCreateRequest is the body of POST /v2/listeners.
type ListenerCreateRequest struct {
	ComputeType   string                `json:"compute_type"`
	ComputeID     string                `json:"compute_id"`
	ComputeConfig ListenerComputeConfig `json:"compute_config"`
	Version       *string               `json:"version,omitempty"`
}

// ListenerPatchRequest is the body of PATCH /v2/listeners/{id}.
type ListenerPatchRequest struct {
	Version       *string                `json:"version,omitempty"`
	ComputeConfig *ListenerComputeConfig `json:"compute_config,omitempty"`
}

// GithubIntegration is a GitHub App installation usable as source_config.integration_id.
type GithubIntegration struct {
	ID             string `json:"id"`
	InstallationID int64  `json:"installation_id"`
	Name           string `json:"name"`
}

// GithubRepository is a repository reachable through an integration.
type GithubRepository struct {
	HostIntegrationID string `json:"host_integration_id"`
	ID                int64  `json:"id"`
	Name              string `json:"name"`
	Owner             string `json:"owner"`
	URL               string `json:"url"`
	DefaultBranch     string `json:"default_branch"`
}

// OAuthProvider is the Auth Service's OAuthProviderResponse (contract §10).
// The API never returns client_secret.
type OAuthProvider struct {
	ID                      string            `json:"id"`
	OrganizationID          string            `json:"organization_id"`
	ProviderID              string            `json:"provider_id"`
	Name                    string            `json:"name"`
	ClientID                string            `json:"client_id"`
	AuthURL                 string            `json:"auth_url"`
	TokenURL                string            `json:"token_url"`
	UsesPKCE                bool              `json:"uses_pkce"`
	CodeChallengeMethod     *string           `json:"code_challenge_method"`
	ProviderType            *string           `json:"provider_type"`
	MCPServerURL            *string           `json:"mcp_server_url"`
	TokenEndpointAuthMethod *string           `json:"token_endpoint_auth_method"`
	IsDynamicClient         *bool             `json:"is_dynamic_client"`
	AuthorizationParams     map[string]string `json:"authorization_params"`
	AllowedRedirectURIs     []string          `json:"allowed_redirect_uris"`
	DefaultRedirectURI      *string           `json:"default_redirect_uri"`
	CreatedAt               time.Time         `json:"created_at"`
	UpdatedAt               time.Time         `json:"updated_at"`
}

// OAuthProviderCreateRequest is the body of POST /v2/auth/providers.
type OAuthProviderCreateRequest struct {
	ProviderID              string            `json:"provider_id"`
	Name                    string            `json:"name"`
	ClientID                string            `json:"client_id"`
	ClientSecret            *string           `json:"client_secret,omitempty"`
	AuthURL                 string            `json:"auth_url"`
	TokenURL                string            `json:"token_url"`
	UsesPKCE                *bool             `json:"uses_pkce,omitempty"`
	CodeChallengeMethod     *string           `json:"code_challenge_method,omitempty"`
	ProviderType            *string           `json:"provider_type,omitempty"`
	TokenEndpointAuthMethod *string           `json:"token_endpoint_auth_method,omitempty"`
	AuthorizationParams     map[string]string `json:"authorization_params,omitempty"`
	AllowedRedirectURIs     []string          `json:"allowed_redirect_uris,omitempty"`
}

// OAuthProviderUpdateRequest is the body of PATCH /v2/auth/providers/{id}; nil fields are omitted.
type OAuthProviderUpdateRequest struct {
	Name                *string            `json:"name,omitempty"`
	ClientID            *string            `json:"client_id,omitempty"`
	ClientSecret        *string            `json:"client_secret,omitempty"`
	AuthURL             *string            `json:"auth_url,omitempty"`
	TokenURL            *string            `json:"token_url,omitempty"`
	UsesPKCE            *bool              `json:"uses_pkce,omitempty"`
	CodeChallengeMethod *string            `json:"code_challenge_method,omitempty"`
	AuthorizationParams *map[string]string `json:"authorization_params,omitempty"`
	AllowedRedirectURIs *[]string          `json:"allowed_redirect_uris,omitempty"`
}
