package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var (
	_ resource.ResourceWithConfigure   = (*oauthProviderResource)(nil)
	_ resource.ResourceWithImportState = (*oauthProviderResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*oauthProviderResource)(nil)
	_ resource.ResourceWithIdentity    = (*oauthProviderResource)(nil) // identity.go
)

// oauthProviderPolicy is the attribute policy table of
// langsmith_oauth_provider (see policy.go; contract §10). The update request
// has no provider_id, provider_type or token_endpoint_auth_method, so
// changing those replaces the provider.
var oauthProviderPolicy = policyTable{
	{path: "id", kind: kindStableComputed},
	{path: "provider_id", kind: kindUserSet, change: changeReplace, removal: removalRefused, empty: emptyRefused,
		matrix: &matrixValues{set: `"mx-provider"`, change: `"mx-provider-2"`, empty: `""`}},
	{path: "name", kind: kindUserSet, change: changeInPlace, removal: removalRefused, empty: emptyRefused,
		matrix: &matrixValues{set: `"Acme"`, change: `"Acme 2"`, empty: `""`}},
	{path: "client_id", kind: kindUserSet, change: changeInPlace, removal: removalRefused, empty: emptyRefused,
		matrix: &matrixValues{set: `"client-1"`, change: `"client-2"`, empty: `""`}},
	// The API never returns client_secret: state keeps what was sent, and
	// removing it leaves the stored secret as it is.
	{path: "client_secret", kind: kindUserSet, change: changeInPlace, removal: removalKeepsServer, empty: emptyRefused, keepWhenNull: true,
		matrix: &matrixValues{set: `"secret-1"`, change: `"secret-2"`, empty: `""`}},
	// The write-only variant is sent at create and whenever its version
	// changes; with no verifier (the API never returns the secret), the
	// version is the only way a new value is noticed.
	{path: "client_secret_wo", kind: kindWriteOnly, change: changeInPlace, removal: removalKeepsServer, empty: emptyRefused,
		matrix: &matrixValues{set: `"wo-secret-1"`, empty: `""`}},
	{path: "client_secret_wo_version", kind: kindUserSet, change: changeInPlace, removal: removalClears,
		matrix: &matrixValues{set: `1`, change: `2`}},
	{path: "auth_url", kind: kindUserSet, change: changeInPlace, removal: removalRefused, empty: emptyRefused,
		matrix: &matrixValues{set: `"https://auth.example.com/authorize"`, change: `"https://auth.example.com/v2/authorize"`, empty: `""`}},
	{path: "token_url", kind: kindUserSet, change: changeInPlace, removal: removalRefused, empty: emptyRefused,
		matrix: &matrixValues{set: `"https://auth.example.com/token"`, change: `"https://auth.example.com/v2/token"`, empty: `""`}},
	{path: "uses_pkce", kind: kindServerDefaulted, change: changeInPlace, removal: removalDefault,
		matrix: &matrixValues{set: `false`, change: `true`}},
	// Older servers leave code_challenge_method null when PKCE is off.
	{path: "code_challenge_method", kind: kindServerDefaulted, change: changeInPlace, removal: removalDefault, empty: emptyRefused, keepWhenNull: true,
		matrix: &matrixValues{set: `"S256"`, change: `"plain"`, empty: `""`}},
	{path: "provider_type", kind: kindServerDefaulted, change: changeReplace, removal: removalKeepsServer, empty: emptyRefused,
		matrix: &matrixValues{set: `"slack"`, change: `"microsoft"`, empty: `""`}},
	{path: "token_endpoint_auth_method", kind: kindServerDefaulted, change: changeReplace, removal: removalDefault, empty: emptyRefused, keepWhenNull: true,
		matrix: &matrixValues{set: `"client_secret_basic"`, change: `"none"`, empty: `""`}},
	// The API reports {} and [] as null; removing them clears them (the
	// update sends them empty, since null would mean "unchanged").
	{path: "authorization_params", kind: kindUserSet, change: changeInPlace, removal: removalClears, empty: emptyEqualsNull,
		matrix: &matrixValues{set: `{ prompt = "consent" }`, change: `{ prompt = "login" }`, empty: `{}`}},
	{path: "allowed_redirect_uris", kind: kindUserSet, change: changeInPlace, removal: removalClears, empty: emptyEqualsNull,
		matrix: &matrixValues{set: `["https://app.example.com/cb"]`, change: `["https://app.example.com/cb2"]`, empty: `[]`}},
	// Read-only fields the update model cannot change: the callback URL
	// follows provider_id (which replaces) and the service's base URL, and
	// only MCP discovery sets the other two, at creation.
	{path: "default_redirect_uri", kind: kindStableComputed},
	{path: "mcp_server_url", kind: kindStableComputed},
	{path: "is_dynamic_client", kind: kindStableComputed},
	{path: "organization_id", kind: kindStableComputed},
	{path: "created_at", kind: kindStableComputed},
	{path: "updated_at", kind: kindVolatileComputed},
}

var oauthProviderObjectType = sync.OnceValue(func() types.ObjectType {
	return objectTypeOf(context.Background(), &oauthProviderResource{})
})

// ModifyPlan plans from oauthProviderPolicy.
func (r *oauthProviderResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planFromTable(ctx, oauthProviderPolicy, oauthProviderObjectType(), req, resp, nil)
}

// Enumerations of the Auth Service (contract §3.4, §10).
var (
	oauthProviderTypes     = []string{"microsoft", "salesforce", "slack", "x"}
	oauthTokenAuthMethods  = []string{"none", "client_secret_basic", "client_secret_post"}
	oauthChallengeMethods  = []string{"S256", "plain"}
	defaultTokenAuthMethod = "client_secret_post"
	// providerIDPattern keeps provider_id usable as one URL path segment.
	providerIDPattern = regexp.MustCompile(`^[^\s/?#%]+$`)
)

func newOAuthProviderResource() resource.Resource { return &oauthProviderResource{} }

type oauthProviderResource struct {
	data *providerData
}

type oauthProviderResourceModel struct {
	ID                      types.String `tfsdk:"id"`
	ProviderID              types.String `tfsdk:"provider_id"`
	Name                    types.String `tfsdk:"name"`
	ClientID                types.String `tfsdk:"client_id"`
	ClientSecret            types.String `tfsdk:"client_secret"`
	ClientSecretWO          types.String `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion   types.Int64  `tfsdk:"client_secret_wo_version"`
	AuthURL                 types.String `tfsdk:"auth_url"`
	TokenURL                types.String `tfsdk:"token_url"`
	UsesPKCE                types.Bool   `tfsdk:"uses_pkce"`
	CodeChallengeMethod     types.String `tfsdk:"code_challenge_method"`
	ProviderType            types.String `tfsdk:"provider_type"`
	TokenEndpointAuthMethod types.String `tfsdk:"token_endpoint_auth_method"`
	AuthorizationParams     types.Map    `tfsdk:"authorization_params"`
	AllowedRedirectURIs     types.List   `tfsdk:"allowed_redirect_uris"`
	DefaultRedirectURI      types.String `tfsdk:"default_redirect_uri"`
	MCPServerURL            types.String `tfsdk:"mcp_server_url"`
	IsDynamicClient         types.Bool   `tfsdk:"is_dynamic_client"`
	OrganizationID          types.String `tfsdk:"organization_id"`
	CreatedAt               types.String `tfsdk:"created_at"`
	UpdatedAt               types.String `tfsdk:"updated_at"`
}

func (r *oauthProviderResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_oauth_provider"
}

func (r *oauthProviderResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An OAuth provider of the LangSmith Auth Service (v2): lets agents obtain user tokens for a " +
			"third-party API. The callback URL to register with the provider is `<control plane URL>/v2/auth/callback/<provider_id>`. " +
			"Most attributes change in place; `provider_id`, `provider_type` and `token_endpoint_auth_method` cannot be " +
			"updated by the API, so changing them replaces the provider (agents then need new user tokens).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "ID the API assigned to the provider.",
				Computed:            true,
			},
			"provider_id": schema.StringAttribute{
				MarkdownDescription: "Your identifier of the provider, used in the callback URL and by agents that request " +
					"tokens (for example `github` or `google-workspace`). Also the import ID. Changing it replaces the provider.",
				Required: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.NoneOf(".", ".."),
					stringvalidator.RegexMatches(providerIDPattern, "must not contain whitespace or the characters / ? # %"),
				},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Display name of the provider. Changed in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "OAuth client ID issued by the provider. Changed in place.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "OAuth client secret issued by the provider; omit it for public clients using PKCE. " +
					"The API never returns it, so Terraform keeps the configured value in state (encrypt your state) and " +
					"cannot detect a secret changed outside Terraform. Changed in place; removing it from the " +
					"configuration leaves the secret stored by LangSmith as it is.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.ConflictsWith(path.MatchRoot("client_secret_wo"))},
			},
			"client_secret_wo": schema.StringAttribute{
				MarkdownDescription: "The OAuth client secret as a write-only value: never stored in the plan or the state " +
					"(Terraform 1.11 and newer, OpenTofu 1.11 and newer). Sent when the provider is created and whenever " +
					"`client_secret_wo_version` changes, which is how a rotated secret is rolled out: the API never returns " +
					"the secret, so nothing else can notice a new value. Use it instead of `client_secret`.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_secret_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Change it (for example bump it) to send the current `client_secret_wo` again, in place.",
				Optional:            true,
			},
			"auth_url": schema.StringAttribute{
				MarkdownDescription: "Authorization endpoint of the provider, an absolute `https://` (or `http://`) URL. Changed in place.",
				Required:            true,
				Validators:          []validator.String{urlValidator()},
			},
			"token_url": schema.StringAttribute{
				MarkdownDescription: "Token endpoint of the provider, an absolute `https://` (or `http://`) URL. Changed in place.",
				Required:            true,
				Validators:          []validator.String{urlValidator()},
			},
			"uses_pkce": schema.BoolAttribute{
				MarkdownDescription: "Whether the authorization code flow uses PKCE. Defaults to `false`. Changed in place.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"code_challenge_method": schema.StringAttribute{
				MarkdownDescription: "PKCE code challenge method, `S256` or `plain` (RFC 7636). Defaults to `S256`; only used " +
					"when `uses_pkce` is true. Changed in place.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("S256"),
				Validators: []validator.String{stringvalidator.OneOf(oauthChallengeMethods...)},
			},
			"provider_type": schema.StringAttribute{
				MarkdownDescription: "Built-in provider behaviour to apply: `microsoft`, `salesforce`, `slack` or `x`. Null for a " +
					"generic OAuth 2 provider. The API cannot update it: changing it replaces the provider.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.OneOf(oauthProviderTypes...)},
			},
			"token_endpoint_auth_method": schema.StringAttribute{
				MarkdownDescription: "How the client authenticates at the token endpoint: `none`, `client_secret_basic` or " +
					"`client_secret_post`. Defaults to `client_secret_post`. The API cannot update it: changing it replaces the provider.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(defaultTokenAuthMethod),
				Validators: []validator.String{stringvalidator.OneOf(oauthTokenAuthMethods...)},
			},
			"authorization_params": schema.MapAttribute{
				MarkdownDescription: "Extra query parameters added to the authorization URL, such as `{ prompt = \"consent\" }`. " +
					"Changed in place; removing them clears them (`{}` too; the API reports an empty map as null, and state keeps `{}`).",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Map{mapvalidator.KeysAre(stringvalidator.LengthAtLeast(1))},
			},
			"allowed_redirect_uris": schema.ListAttribute{
				MarkdownDescription: "Absolute `http(s)://` URLs the flow may redirect to after authorization, besides the " +
					"default callback. Changed in place; removing them clears them (`[]` too; state keeps `[]`).",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.List{listvalidator.UniqueValues(), listvalidator.ValueStringsAre(urlValidator())},
			},
			"default_redirect_uri": schema.StringAttribute{
				MarkdownDescription: "The callback URL LangSmith registers for the provider, " +
					"`<control plane URL>/v2/auth/callback/<provider_id>`: register it with the OAuth app. Read-only; null on " +
					"servers that do not report it.",
				Computed: true,
			},
			"mcp_server_url": schema.StringAttribute{
				MarkdownDescription: "URL of the MCP server whose metadata the provider was discovered from. Read-only: only " +
					"MCP discovery sets it (a provider created here has none, null); it never changes.",
				Computed: true,
			},
			"is_dynamic_client": schema.BoolAttribute{
				MarkdownDescription: "Whether the OAuth client was registered dynamically by MCP discovery rather than created " +
					"with a configured `client_id`. Read-only; `false` for a provider created here.",
				Computed: true,
			},
			"organization_id": schema.StringAttribute{
				MarkdownDescription: "LangSmith organization the provider belongs to.",
				Computed:            true,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "Creation time (RFC 3339).",
				Computed:            true,
			},
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "Last update time (RFC 3339).",
				Computed:            true,
			},
		},
	}
}

func (r *oauthProviderResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// oauthProviderState builds state from the API's provider and prior (the
// plan after Create or Update, the previous state on Read; after an import
// it holds only provider_id), row by row of oauthProviderPolicy.
func oauthProviderState(ctx context.Context, p *langsmith.OAuthProvider, prior map[string]attr.Value) (map[string]attr.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	api := map[string]attr.Value{
		"id":                         types.StringValue(p.ID),
		"provider_id":                types.StringValue(p.ProviderID),
		"name":                       types.StringValue(p.Name),
		"client_id":                  types.StringValue(p.ClientID),
		"client_secret":              types.StringNull(),
		"client_secret_wo":           types.StringNull(),
		"client_secret_wo_version":   types.Int64Null(),
		"auth_url":                   types.StringValue(p.AuthURL),
		"token_url":                  types.StringValue(p.TokenURL),
		"uses_pkce":                  types.BoolValue(p.UsesPKCE),
		"code_challenge_method":      types.StringPointerValue(p.CodeChallengeMethod),
		"provider_type":              types.StringPointerValue(p.ProviderType),
		"token_endpoint_auth_method": types.StringPointerValue(p.TokenEndpointAuthMethod),
		"authorization_params":       mapValue(p.AuthorizationParams),
		"allowed_redirect_uris":      stringList(p.AllowedRedirectURIs),
		"default_redirect_uri":       types.StringPointerValue(p.DefaultRedirectURI),
		"mcp_server_url":             types.StringPointerValue(p.MCPServerURL),
		"is_dynamic_client":          types.BoolValue(deref(p.IsDynamicClient)), // the API's default is false
		"organization_id":            types.StringValue(p.OrganizationID),
		"created_at":                 timeValue(p.CreatedAt),
		"updated_at":                 timeValue(p.UpdatedAt),
	}
	if v, ok := prior["client_secret_wo_version"].(types.Int64); ok && !v.IsUnknown() {
		api["client_secret_wo_version"] = v // Terraform's own counter
	}
	if p.TokenEndpointAuthMethod == nil && prior["token_endpoint_auth_method"] == nil {
		api["token_endpoint_auth_method"] = types.StringValue(defaultTokenAuthMethod) // the API's default
	}
	out, err := reconcileRows(ctx, oauthProviderPolicy, "", api, prior, "")
	if err != nil {
		diags.AddError("Error converting LangSmith OAuth provider", err.Error())
	}
	return out, diags
}

// setOAuthProviderState converts and writes the state of p.
func setOAuthProviderState(ctx context.Context, st *tfsdk.State, p *langsmith.OAuthProvider, prior tftypes.Value) diag.Diagnostics {
	root, err := rootOf(ctx, oauthProviderObjectType(), prior)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Error converting LangSmith OAuth provider", err.Error())
		return diags
	}
	out, diags := oauthProviderState(ctx, p, root)
	if diags.HasError() {
		return diags
	}
	return setRoot(ctx, st, oauthProviderObjectType(), out)
}

func (m oauthProviderResourceModel) createRequest(ctx context.Context) (*langsmith.OAuthProviderCreateRequest, diag.Diagnostics) {
	params, diags := stringMap(ctx, m.AuthorizationParams)
	uris, d := stringSlice(ctx, m.AllowedRedirectURIs)
	diags.Append(d...)
	return &langsmith.OAuthProviderCreateRequest{
		ProviderID:              m.ProviderID.ValueString(),
		Name:                    m.Name.ValueString(),
		ClientID:                m.ClientID.ValueString(),
		ClientSecret:            stringPtr(m.ClientSecret),
		AuthURL:                 m.AuthURL.ValueString(),
		TokenURL:                m.TokenURL.ValueString(),
		UsesPKCE:                boolPtr(m.UsesPKCE),
		CodeChallengeMethod:     stringPtr(m.CodeChallengeMethod),
		ProviderType:            stringPtr(m.ProviderType),
		TokenEndpointAuthMethod: stringPtr(m.TokenEndpointAuthMethod),
		AuthorizationParams:     params,
		AllowedRedirectURIs:     uris,
	}, diags
}

// updateRequest builds the PATCH from state to plan: only changed fields are
// sent. A removed map or list is sent empty, which clears it (null would
// mean "unchanged").
func (m oauthProviderResourceModel) updateRequest(ctx context.Context, state oauthProviderResourceModel) (*langsmith.OAuthProviderUpdateRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := &langsmith.OAuthProviderUpdateRequest{}
	changedString := func(plan, prior types.String) *string {
		if plan.IsUnknown() || plan.IsNull() || plan.Equal(prior) {
			return nil
		}
		return stringPtr(plan)
	}
	req.Name = changedString(m.Name, state.Name)
	req.ClientID = changedString(m.ClientID, state.ClientID)
	req.ClientSecret = changedString(m.ClientSecret, state.ClientSecret)
	req.AuthURL = changedString(m.AuthURL, state.AuthURL)
	req.TokenURL = changedString(m.TokenURL, state.TokenURL)
	req.CodeChallengeMethod = changedString(m.CodeChallengeMethod, state.CodeChallengeMethod)
	if !m.UsesPKCE.IsUnknown() && !m.UsesPKCE.Equal(state.UsesPKCE) {
		req.UsesPKCE = boolPtr(m.UsesPKCE)
	}
	if !m.AuthorizationParams.Equal(state.AuthorizationParams) {
		params, d := stringMap(ctx, m.AuthorizationParams)
		diags.Append(d...)
		if params == nil {
			params = map[string]string{}
		}
		req.AuthorizationParams = &params
	}
	if !m.AllowedRedirectURIs.Equal(state.AllowedRedirectURIs) {
		uris, d := stringSlice(ctx, m.AllowedRedirectURIs)
		diags.Append(d...)
		if uris == nil {
			uris = []string{}
		}
		req.AllowedRedirectURIs = &uris
	}
	return req, diags
}

// stringSlice converts a known list to Go; null or unknown gives nil.
func stringSlice(ctx context.Context, l types.List) ([]string, diag.Diagnostics) {
	if l.IsNull() || l.IsUnknown() {
		return nil, nil
	}
	out := []string{}
	diags := l.ElementsAs(ctx, &out, false)
	return out, diags
}

func (r *oauthProviderResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan oauthProviderResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	wo, d := writeOnlyString(ctx, req.Config, "client_secret_wo")
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.secretsOf(ctx, plan.ClientSecret.ValueString(), wo.ValueString())
	body, d := plan.createRequest(ctx)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if isSet(wo) {
		body.ClientSecret = stringPtr(wo)
	}
	p, err := r.data.client.CreateOAuthProvider(ctx, body)
	if err != nil {
		detail := errorDetail(r.data, fmt.Sprintf("new OAuth provider %q", body.ProviderID), err)
		var other *langsmith.ExistingObjectError
		if errors.As(err, &other) {
			detail += fmt.Sprintf("\n\nThe create's answer was lost, and the OAuth provider %q in the organization (ID %s) is not the "+
				"one this request created, so Terraform did not take it over. Import it with terraform import "+
				"<resource address> %s, or choose another provider_id.", body.ProviderID, other.ID, body.ProviderID)
		} else if langsmith.IsConflict(err) {
			detail += fmt.Sprintf("\n\nAn OAuth provider with provider_id %q already exists in the organization. Import it with "+
				"terraform import langsmith_oauth_provider.<name> %s, or choose another provider_id.", body.ProviderID, body.ProviderID)
		}
		addAPIError(&resp.Diagnostics, oauthProviderPolicy, "Error creating LangSmith OAuth provider", detail, err)
		return
	}
	tflog.Info(ctx, "created LangSmith OAuth provider", map[string]any{"provider_id": p.ProviderID, "id": p.ID})
	resp.Diagnostics.Append(setOAuthProviderState(ctx, &resp.State, p, req.Plan.Raw)...)
	resp.Diagnostics.Append(setOAuthProviderIdentity(ctx, resp.Identity, resp.State)...) // identity.go
}

// Read refreshes the provider by provider_id; a 404 removes it from state.
// client_secret is kept from state: the API never returns it.
func (r *oauthProviderResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer readOAuthProviderIdentity(ctx, req.State, resp) // identity.go
	var state oauthProviderResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	providerID := state.ProviderID.ValueString()
	p, err := r.data.client.GetOAuthProvider(ctx, providerID)
	if langsmith.IsNotFound(err) {
		tflog.Warn(ctx, "LangSmith OAuth provider not found; removing it from state", map[string]any{"provider_id": providerID})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading LangSmith OAuth provider", errorDetail(r.data, fmt.Sprintf("OAuth provider %q", providerID), err))
		return
	}
	// After an import, state holds only provider_id: everything else is
	// null, so the API's values are taken as they are.
	resp.Diagnostics.Append(setOAuthProviderState(ctx, &resp.State, p, req.State.Raw)...)
}

func (r *oauthProviderResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state oauthProviderResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	wo, d := writeOnlyString(ctx, req.Config, "client_secret_wo")
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.secretsOf(ctx, plan.ClientSecret.ValueString(), wo.ValueString())
	body, d := plan.updateRequest(ctx, state)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if isSet(wo) && !plan.ClientSecretWOVersion.Equal(state.ClientSecretWOVersion) {
		body.ClientSecret = stringPtr(wo) // a new version: send the write-only secret again
	}
	providerID := state.ProviderID.ValueString()
	p, err := r.data.client.UpdateOAuthProvider(ctx, providerID, body)
	if err != nil {
		addAPIError(&resp.Diagnostics, oauthProviderPolicy, "Error updating LangSmith OAuth provider", errorDetail(r.data, fmt.Sprintf("OAuth provider %q", providerID), err), err)
		return
	}
	resp.Diagnostics.Append(setOAuthProviderState(ctx, &resp.State, p, req.Plan.Raw)...)
	resp.Diagnostics.Append(setOAuthProviderIdentity(ctx, resp.Identity, resp.State)...) // identity.go
}

// Delete removes the provider; a 404 counts as success, so destroy stays
// idempotent. Tokens users granted through it stop working.
func (r *oauthProviderResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state oauthProviderResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	providerID := state.ProviderID.ValueString()
	err := r.data.client.DeleteOAuthProvider(ctx, providerID)
	if langsmith.IsNotFound(err) {
		tflog.Info(ctx, "LangSmith OAuth provider already gone", map[string]any{"provider_id": providerID})
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error deleting LangSmith OAuth provider", errorDetail(r.data, fmt.Sprintf("OAuth provider %q", providerID), err))
	}
}

// ImportState takes the provider_id (not the generated id), checked before
// any API call.
func (r *oauthProviderResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	req.ID = providerIDFromIdentity(ctx, req, &resp.Diagnostics) // an import by identity (identity.go)
	id := strings.TrimSpace(req.ID)
	if id == "" || !providerIDPattern.MatchString(id) || id == "." || id == ".." {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("%q is not a provider_id. Import an OAuth provider by its provider_id, the identifier in its "+
				"callback URL (<control plane URL>/v2/auth/callback/<provider_id>), such as \"github\".", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("provider_id"), id)...)
	resp.Diagnostics.Append(setImportedProviderID(ctx, resp.Identity, id)...) // identity.go
}

// writeOnlyString reads a write-only string attribute from the
// configuration, the only place its value exists.
func writeOnlyString(ctx context.Context, cfg tfsdk.Config, name string) (types.String, diag.Diagnostics) {
	var v types.String
	diags := cfg.GetAttribute(ctx, path.Root(name), &v)
	return v, diags
}
