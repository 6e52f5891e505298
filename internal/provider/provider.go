// Package provider is the Terraform glue of the LangSmith provider: the
// provider configuration, one file per resource or data source type, the one
// poller (wait.go) and the diagnostics helpers (diag.go).
package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var _ provider.Provider = (*langsmithProvider)(nil)

// Environment variables read when the matching attribute is not set in HCL.
const (
	envAPIKey          = "LANGSMITH_API_KEY"
	envWorkspaceID     = "LANGSMITH_WORKSPACE_ID"
	envAPIURL          = "LANGSMITH_ENDPOINT"
	envControlPlaneURL = "LANGSMITH_CONTROL_PLANE_URL"
	envAllowHTTP       = "LANGSMITH_ALLOW_INSECURE_HTTP"
	envWOHashKey       = "LANGSMITH_SECRETS_WO_HASH_KEY"

	defaultControlPlaneURL = "https://api.host.langchain.com"
)

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &langsmithProvider{version: version}
	}
}

type langsmithProvider struct {
	version string
	// poll is the schedule waits poll the API with (zero: productionPoll);
	// tests build the provider with a faster one.
	poll pollSchedule
}

type providerModel struct {
	APIKey            types.String `tfsdk:"api_key"`
	WorkspaceID       types.String `tfsdk:"workspace_id"`
	APIURL            types.String `tfsdk:"api_url"`
	ControlPlaneURL   types.String `tfsdk:"control_plane_url"`
	AllowInsecureHTTP types.Bool   `tfsdk:"allow_insecure_http"`
	SecretsWOHashKey  types.String `tfsdk:"secrets_wo_hash_key"`
	MaxRetries        types.Int64  `tfsdk:"max_retries"`
}

// providerData is what every resource and data source receives from Configure.
type providerData struct {
	client      *langsmith.Client
	workspaceID string
	// woHashKey keys the HMAC in langsmith_deployment.environment_hash;
	// without it no verifier of write-only values is kept at all.
	woHashKey []byte
	// clients holds a client per other workspace (see clientFor).
	clients sync.Map
	// sensitive are the secret values to mask in logs and diagnostics.
	sensitive *sensitiveValues
	// poll is the schedule of every wait (see schedule).
	poll pollSchedule
	// deleting maps the name of a deployment seen being deleted
	// (AWAITING_DELETE) in this run to its ID, so a create of the same name
	// can wait for the deletion to finish (the name is taken until then).
	deleting sync.Map
}

// schedule is the poll schedule of the provider's waits.
func (d *providerData) schedule() pollSchedule {
	if d == nil || d.poll == (pollSchedule{}) {
		return productionPoll
	}
	return d.poll
}

// clientFor returns the client that acts in workspaceID (sent as
// X-Tenant-Id), or in the provider's workspace when workspaceID is empty.
// Every workspace-scoped object uses the workspace in its own state once it
// exists, so changing the provider's workspace_id moves nothing.
func (d *providerData) clientFor(workspaceID string) *langsmith.Client {
	if workspaceID == "" || strings.EqualFold(workspaceID, d.workspaceID) {
		return d.client
	}
	if c, ok := d.clients.Load(strings.ToLower(workspaceID)); ok {
		if client, ok := c.(*langsmith.Client); ok {
			return client
		}
	}
	c := d.client.WithTenant(workspaceID)
	d.clients.Store(strings.ToLower(workspaceID), c)
	return c
}

// noteDeleting records that the deployment id named name is being deleted.
func (d *providerData) noteDeleting(name, id string) {
	if d != nil && name != "" {
		d.deleting.Store(name, id)
	}
}

// deletingID returns the ID of the deployment named name seen being deleted
// in this run.
func (d *providerData) deletingID(name string) (string, bool) {
	if d == nil {
		return "", false
	}
	v, ok := d.deleting.Load(name)
	id, _ := v.(string)
	return id, ok
}

func (p *langsmithProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "langsmith"
	resp.Version = p.version
}

func (p *langsmithProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages LangSmith Deployment (Agent Server) resources through the LangSmith " +
			"Deployment Control Plane API: deployments, revisions, listeners, GitHub integrations and OAuth providers.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "LangSmith API key (personal access token or service key), sent as `X-Api-Key`. " +
					"Defaults to the `" + envAPIKey + "` environment variable. Required.",
				Optional:  true,
				Sensitive: true,
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "UUID of the LangSmith workspace to act in, sent as `X-Tenant-Id`. Needed with " +
					"organization-scoped keys. Defaults to the `" + envWorkspaceID + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"api_url": schema.StringAttribute{
				MarkdownDescription: "LangSmith API URL of your region or self-hosted install (for example " +
					"`https://eu.api.smith.langchain.com` or `https://langsmith.example.com/api/v1`). The control-plane " +
					"URL is derived from it: `https://{region.}api.smith.langchain.com` becomes " +
					"`https://{region.}api.host.langchain.com`, any other host `<root>/api-host`. Defaults to the `" +
					envAPIURL + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{urlValidator()},
			},
			"control_plane_url": schema.StringAttribute{
				MarkdownDescription: "Control Plane API base URL, without the `/v2` version prefix; overrides the URL " +
					"derived from `api_url`. Defaults to the `" + envControlPlaneURL + "` environment variable, then to " +
					"`" + defaultControlPlaneURL + "` (GCP US).",
				Optional:   true,
				Validators: []validator.String{urlValidator()},
			},
			"allow_insecure_http": schema.BoolAttribute{
				MarkdownDescription: "Allow a plain `http://` control-plane URL on a host other than loopback. The API key " +
					"travels in clear text over such a connection, so this defaults to `false`; loopback addresses " +
					"(`localhost`, `127.0.0.1`, `::1`) are always allowed. Defaults to the `" + envAllowHTTP +
					"` environment variable.",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a request that is safe to repeat is retried after a 429, 502, 503, 504 " +
					"or a connection failure, with exponential backoff (from 250 ms, up to 15 s, honouring `Retry-After`). " +
					"Defaults to 8, which rides out a flaky network; 0 disables retries (creates and new revisions are " +
					"still looked up after an ambiguous failure instead of being sent twice).",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"secrets_wo_hash_key": schema.StringAttribute{
				MarkdownDescription: "Secret key that lets plans notice `secrets_wo` values changed outside Terraform. " +
					"With it, `langsmith_deployment.environment_hash` is an HMAC-SHA256, keyed by it, of each deployment's " +
					"write-only variables; the state then holds nothing a guessed value can be checked against without " +
					"this key. Changing the key plans no rollout (plan and refresh both use the current key). Without it " +
					"(the default), no fingerprint of write-only values is kept and they are sent again only when " +
					"`secrets_wo_version` changes. At least 16 characters. Defaults to the `" + envWOHashKey +
					"` environment variable.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(minWOHashKeyLength)},
			},
		},
	}
}

// minWOHashKeyLength keeps the HMAC key from being guessable itself.
const minWOHashKeyLength = 16

func (p *langsmithProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value that depends on another resource is unknown during plan. Where
	// the CLI supports it the provider defers; otherwise it says which
	// attribute is the problem instead of failing with a confusing API error.
	unknown := map[string]bool{
		"api_key":             cfg.APIKey.IsUnknown(),
		"workspace_id":        cfg.WorkspaceID.IsUnknown(),
		"api_url":             cfg.APIURL.IsUnknown(),
		"control_plane_url":   cfg.ControlPlaneURL.IsUnknown(),
		"allow_insecure_http": cfg.AllowInsecureHTTP.IsUnknown(),
		"secrets_wo_hash_key": cfg.SecretsWOHashKey.IsUnknown(),
		"max_retries":         cfg.MaxRetries.IsUnknown(),
	}
	for name, isUnknown := range unknown {
		if !isUnknown {
			continue
		}
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			return
		}
		resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown LangSmith provider configuration",
			fmt.Sprintf("The provider cannot be configured because %q depends on a value that is only known after apply. "+
				"Set it to a literal or a variable, use the environment variable instead, or apply the resources it depends on first "+
				"with -target.", name))
	}
	if resp.Diagnostics.HasError() {
		return
	}

	apiKey := stringOrEnv(cfg.APIKey, envAPIKey)
	workspaceID := stringOrEnv(cfg.WorkspaceID, envWorkspaceID)
	apiURL := stringOrEnv(cfg.APIURL, envAPIURL)
	controlPlaneURL := stringOrEnv(cfg.ControlPlaneURL, envControlPlaneURL)
	allowHTTP := cfg.AllowInsecureHTTP.ValueBool()
	if cfg.AllowInsecureHTTP.IsNull() {
		allowHTTP = strings.EqualFold(os.Getenv(envAllowHTTP), "true") || os.Getenv(envAllowHTTP) == "1"
	}

	if apiKey == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_key"), "Missing LangSmith API key",
			"The provider needs a LangSmith API key. Set the \"api_key\" attribute in the provider block or the "+
				envAPIKey+" environment variable.")
	}
	woHashKey := stringOrEnv(cfg.SecretsWOHashKey, envWOHashKey)
	if woHashKey != "" && len(woHashKey) < minWOHashKeyLength {
		resp.Diagnostics.AddAttributeError(path.Root("secrets_wo_hash_key"), "LangSmith secrets_wo_hash_key too short",
			fmt.Sprintf("The write-only hash key (from the \"secrets_wo_hash_key\" attribute or %s) has %d characters; use at "+
				"least %d random characters, for example the output of `openssl rand -hex 32`.", envWOHashKey, len(woHashKey), minWOHashKeyLength))
	}
	if workspaceID != "" && !isUUID(workspaceID) {
		resp.Diagnostics.AddAttributeError(path.Root("workspace_id"), "Invalid LangSmith workspace ID",
			fmt.Sprintf("The workspace ID %q (from the \"workspace_id\" attribute or %s) is not a UUID. "+
				"Copy the workspace ID from LangSmith's settings page.", workspaceID, envWorkspaceID))
	}
	if resp.Diagnostics.HasError() {
		return
	}

	baseURL, diagPath, err := resolveControlPlaneURL(apiURL, controlPlaneURL)
	if err != nil {
		resp.Diagnostics.AddAttributeError(diagPath, "Invalid LangSmith API URL", err.Error())
		return
	}
	if hint := versionedBaseURL(baseURL); hint != "" {
		resp.Diagnostics.AddAttributeWarning(diagPath, "Control-plane URL ends in an API version", hint)
	}
	if err := checkTransportSecurity(baseURL, allowHTTP); err != nil {
		resp.Diagnostics.AddAttributeError(diagPath, "Insecure LangSmith API URL", err.Error())
		return
	}

	maxRetries := 0 // the client's default
	if isSet(cfg.MaxRetries) {
		maxRetries = int(cfg.MaxRetries.ValueInt64())
		if maxRetries == 0 {
			maxRetries = -1 // none
		}
	}
	sensitive := &sensitiveValues{}
	sensitive.add(apiKey, woHashKey)
	client, err := langsmith.New(langsmith.Config{
		BaseURL:    baseURL,
		APIKey:     apiKey,
		TenantID:   workspaceID,
		MaxRetries: maxRetries,
		UserAgent:  fmt.Sprintf("terraform-provider-langsmith/%s (+https://registry.terraform.io/providers/langsmith-terraform/langsmith) terraform/%s", p.version, req.TerraformVersion),
		Logger: func(ctx context.Context, msg string, fields map[string]any) {
			tflog.Debug(sensitive.mask(ctx), msg, fields)
		},
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to create LangSmith API client", err.Error())
		return
	}
	tflog.Debug(ctx, "configured LangSmith client", map[string]any{"control_plane_url": baseURL, "workspace_id": workspaceID})

	data := &providerData{client: client, workspaceID: workspaceID, sensitive: sensitive, poll: p.poll}
	if woHashKey != "" {
		data.woHashKey = []byte(woHashKey)
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data // provider_query.go
	resp.ActionData = data       // provider_query.go
}

// resolveControlPlaneURL picks the control-plane base URL: control_plane_url
// wins, then the URL derived from api_url, then the GCP US default. The path
// returned names the attribute a diagnostic should point at.
func resolveControlPlaneURL(apiURL, controlPlaneURL string) (string, path.Path, error) {
	if controlPlaneURL != "" {
		if err := checkURL(controlPlaneURL); err != nil {
			return "", path.Root("control_plane_url"), fmt.Errorf("control_plane_url (or %s) %q: %w", envControlPlaneURL, controlPlaneURL, err)
		}
		return strings.TrimRight(controlPlaneURL, "/"), path.Root("control_plane_url"), nil
	}
	if apiURL != "" {
		derived, err := langsmith.ControlPlaneURL(apiURL)
		if err != nil {
			return "", path.Root("api_url"), fmt.Errorf("api_url (or %s) %q: %w", envAPIURL, apiURL, err)
		}
		return derived, path.Root("api_url"), nil
	}
	return defaultControlPlaneURL, path.Root("control_plane_url"), nil
}

// versionedBaseURL explains a control-plane URL whose path ends in a version
// prefix (/v1, /v2): every route already starts with one, so requests would
// go to /v2/v2/... and answer 404. "" when the URL looks right.
func versionedBaseURL(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return ""
	}
	p := strings.TrimRight(u.Path, "/")
	for _, v := range []string{"/v1", "/v2"} {
		if strings.HasSuffix(p, v) {
			u.Path = strings.TrimSuffix(p, v)
			return fmt.Sprintf("The control-plane URL %q ends in %s, but every request path already starts with the API "+
				"version (/v2/deployments, ...), so requests would go to %s%s/... and answer 404. Give the base URL "+
				"without the version: %q.", baseURL, v, baseURL, v, u.String())
		}
	}
	return ""
}

// checkTransportSecurity refuses http:// on non-loopback hosts unless the user
// opted in, because the API key would travel in clear text.
func checkTransportSecurity(baseURL string, allowHTTP bool) error {
	u, err := url.Parse(baseURL)
	if err != nil {
		return err
	}
	if u.Scheme != "http" || allowHTTP || isLoopbackHost(u.Hostname()) {
		return nil
	}
	return fmt.Errorf("the control-plane URL %q uses plain http on the non-loopback host %q, which would send the API key "+
		"unencrypted. Use https, or set allow_insecure_http = true (or %s=true) if the network is trusted", baseURL, u.Hostname(), envAllowHTTP)
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func (p *langsmithProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newDeploymentResource,
		newDeploymentRedeployResource,
		newListenerResource,
		newOAuthProviderResource,
	}
}

func (p *langsmithProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newDeploymentDataSource,
		newDeploymentsDataSource,
		newDeploymentRevisionDataSource,
		newDeploymentRevisionsDataSource,
		newDeploymentRevisionLogsDataSource,
		newGithubIntegrationsDataSource,
		newGithubRepositoriesDataSource,
		newListenerDataSource,
		newListenersDataSource,
		newOAuthProvidersDataSource,
	}
}

// urlValidator checks, at plan time, that a configured URL is absolute http(s).
func urlValidator() validator.String {
	return stringvalidator.RegexMatches(urlPattern, "must be an absolute http:// or https:// URL with a host, "+
		"for example https://api.host.langchain.com")
}
