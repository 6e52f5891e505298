package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var _ datasource.DataSourceWithConfigure = (*oauthProvidersDataSource)(nil)

func newOAuthProvidersDataSource() datasource.DataSource { return &oauthProvidersDataSource{} }

// oauthProvidersDataSource lists the organization's OAuth providers
// (GET /v2/auth/providers, contract §10). The Auth Service is
// organization-scoped, so it takes no workspace_id.
type oauthProvidersDataSource struct {
	data *providerData
}

type oauthProvidersDataSourceModel struct {
	ProviderType types.String `tfsdk:"provider_type"`
	NameContains types.String `tfsdk:"name_contains"`
	Providers    types.List   `tfsdk:"providers"`
	ProviderIDs  types.List   `tfsdk:"provider_ids"`
}

// oauthProviderItemAttrTypes is one listed provider as an object.
func oauthProviderItemAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"id": types.StringType, "provider_id": types.StringType, "name": types.StringType, "client_id": types.StringType,
		"auth_url": types.StringType, "token_url": types.StringType, "uses_pkce": types.BoolType,
		"code_challenge_method": types.StringType, "provider_type": types.StringType, "mcp_server_url": types.StringType,
		"token_endpoint_auth_method": types.StringType, "is_dynamic_client": types.BoolType,
		"authorization_params":  types.MapType{ElemType: types.StringType},
		"allowed_redirect_uris": types.ListType{ElemType: types.StringType},
		"default_redirect_uri":  types.StringType, "organization_id": types.StringType,
		"created_at": types.StringType, "updated_at": types.StringType,
	}
}

// oauthProviderItemValues converts a provider into the values of
// oauthProviderItemAttrTypes, as the API reports it (defaults filled in where
// an older server leaves them out, as langsmith_oauth_provider does).
func oauthProviderItemValues(p *langsmith.OAuthProvider) map[string]attr.Value {
	authMethod := p.TokenEndpointAuthMethod
	if authMethod == nil {
		def := defaultTokenAuthMethod // the API's default
		authMethod = &def
	}
	return map[string]attr.Value{
		"id":                         types.StringValue(p.ID),
		"provider_id":                types.StringValue(p.ProviderID),
		"name":                       types.StringValue(p.Name),
		"client_id":                  types.StringValue(p.ClientID),
		"auth_url":                   types.StringValue(p.AuthURL),
		"token_url":                  types.StringValue(p.TokenURL),
		"uses_pkce":                  types.BoolValue(p.UsesPKCE),
		"code_challenge_method":      types.StringPointerValue(p.CodeChallengeMethod),
		"provider_type":              types.StringPointerValue(p.ProviderType),
		"mcp_server_url":             types.StringPointerValue(p.MCPServerURL),
		"token_endpoint_auth_method": types.StringPointerValue(authMethod),
		"is_dynamic_client":          types.BoolValue(deref(p.IsDynamicClient)),
		"authorization_params":       mapValue(p.AuthorizationParams),
		"allowed_redirect_uris":      stringList(p.AllowedRedirectURIs),
		"default_redirect_uri":       types.StringPointerValue(p.DefaultRedirectURI),
		"organization_id":            types.StringValue(p.OrganizationID),
		"created_at":                 timeValue(p.CreatedAt),
		"updated_at":                 timeValue(p.UpdatedAt),
	}
}

func (d *oauthProvidersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_oauth_providers"
}

func (d *oauthProvidersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	dsBool := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: desc, Computed: true}
	}
	item := map[string]schema.Attribute{
		"id":                         dsString("ID the API assigned to the provider."),
		"provider_id":                dsString("Identifier of the provider in its callback URL and in token requests; the import ID of `langsmith_oauth_provider`."),
		"name":                       dsString("Display name."),
		"client_id":                  dsString("OAuth client ID (the client secret is never returned)."),
		"auth_url":                   dsString("Authorization endpoint."),
		"token_url":                  dsString("Token endpoint."),
		"uses_pkce":                  dsBool("Whether the authorization code flow uses PKCE."),
		"code_challenge_method":      dsString("PKCE code challenge method (`S256` or `plain`); null when the server reports none."),
		"provider_type":              dsString("Built-in provider behaviour (`microsoft`, `salesforce`, `slack` or `x`); null for a generic OAuth 2 provider."),
		"mcp_server_url":             dsString("MCP server the provider was discovered from; null unless it was created by MCP discovery."),
		"token_endpoint_auth_method": dsString("How the client authenticates at the token endpoint (`none`, `client_secret_basic` or `client_secret_post`)."),
		"is_dynamic_client":          dsBool("Whether the client was registered dynamically by MCP discovery."),
		"authorization_params": schema.MapAttribute{
			MarkdownDescription: "Extra query parameters of the authorization URL; null when there are none.",
			ElementType:         types.StringType,
			Computed:            true,
		},
		"allowed_redirect_uris": schema.ListAttribute{
			MarkdownDescription: "URLs the flow may redirect to besides the default callback; null when there are none.",
			ElementType:         types.StringType,
			Computed:            true,
		},
		"default_redirect_uri": dsString("Callback URL to register with the OAuth app (`<control plane URL>/v2/auth/callback/<provider_id>`); null on servers that do not report it."),
		"organization_id":      dsString("LangSmith organization the provider belongs to."),
		"created_at":           dsString("Creation time (RFC 3339)."),
		"updated_at":           dsString("Last update time (RFC 3339)."),
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the OAuth providers of the LangSmith Auth Service in the API's order, optionally filtered. " +
			"OAuth providers belong to the organization, not to a workspace, so there is no `workspace_id`. Client secrets " +
			"are never returned by the API and are not listed.",
		Attributes: map[string]schema.Attribute{
			"provider_type": schema.StringAttribute{
				MarkdownDescription: "Only list providers of this built-in type: `microsoft`, `salesforce`, `slack` or `x`. " +
					"Generic OAuth 2 providers (no type) are left out when it is set.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(oauthProviderTypes...)},
			},
			"name_contains": schema.StringAttribute{
				MarkdownDescription: "Only list providers whose `name` contains this text (case-sensitive).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"providers": schema.ListNestedAttribute{
				MarkdownDescription: "The matching providers.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: item},
			},
			"provider_ids": schema.ListAttribute{
				MarkdownDescription: "`provider_id` of each matching provider, in the same order as `providers`.",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *oauthProvidersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// Read lists every provider with one GET (the API's list is a bare array,
// not paginated) and applies the filters here: the API has none.
func (d *oauthProvidersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg oauthProvidersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := d.data.client.ListOAuthProviders(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Error listing LangSmith OAuth providers", errorDetail(d.data, "the organization's OAuth providers", err))
		return
	}
	itemType := types.ObjectType{AttrTypes: oauthProviderItemAttrTypes()}
	items := []attr.Value{}
	ids := []string{}
	for i := range all {
		p := &all[i]
		if !cfg.ProviderType.IsNull() && deref(p.ProviderType) != cfg.ProviderType.ValueString() {
			continue
		}
		if !cfg.NameContains.IsNull() && !strings.Contains(p.Name, cfg.NameContains.ValueString()) {
			continue
		}
		obj, diags := types.ObjectValue(itemType.AttrTypes, oauthProviderItemValues(p))
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		items = append(items, obj)
		ids = append(ids, p.ProviderID)
	}
	list, diags := types.ListValue(itemType, items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Providers, cfg.ProviderIDs = list, stringList(ids)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
