package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var (
	_ list.ListResourceWithConfigure = (*oauthProviderListResource)(nil)
)

func newOAuthProviderListResource() list.ListResource { return &oauthProviderListResource{} }

// oauthProviderListResource lists the organization's OAuth providers for
// `terraform query` (Terraform 1.14+), as import candidates of
// langsmith_oauth_provider.
type oauthProviderListResource struct {
	data *providerData
}

func (l *oauthProviderListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_oauth_provider"
}

func (l *oauthProviderListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the OAuth providers of the LangSmith Auth Service, for `terraform query` (Terraform 1.14 " +
			"and newer); `terraform query -generate-config-out=FILE` writes an `import` block and a " +
			"`langsmith_oauth_provider` block for each. It takes no filters: the API returns every provider in one answer, " +
			"of which the list block's `limit` (Terraform's default is 100) are listed. With `include_resource = true` each " +
			"result holds the whole resource, as an import followed by a refresh would store it; the API never returns " +
			"client secrets, so neither does the list.",
		Attributes: map[string]listschema.Attribute{},
	}
}

func (l *oauthProviderListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// List reads the OAuth providers and streams one result per provider, up to
// the list block's limit. An API error is one error diagnostic on the stream.
func (l *oauthProviderListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if l.data == nil {
		*stream = listError("Error listing LangSmith OAuth providers", "The provider is not configured.")
		return
	}
	limit := listLimit(req)
	stream.Results = func(push func(list.ListResult) bool) {
		all, err := l.data.client.ListOAuthProviders(ctx)
		if err != nil {
			var diags diag.Diagnostics
			diags.AddError("Error listing LangSmith OAuth providers", errorDetail(l.data, "the OAuth providers", err))
			push(list.ListResult{Diagnostics: diags})
			return
		}
		res := &oauthProviderResource{data: l.data}
		for i := range all {
			if limit > 0 && i >= limit {
				return
			}
			p := &all[i]
			result := listResult(ctx, req, p.Name+" ("+p.ProviderID+")", oauthProviderIdentityModel{ProviderID: types.StringValue(p.ProviderID)},
				oauthProviderObjectType(), func() (map[string]attr.Value, diag.Diagnostics) { return res.importedState(ctx, req, p) })
			if !push(result) {
				return
			}
		}
	}
}

// importedState is the state an import of p followed by a refresh stores.
func (r *oauthProviderResource) importedState(ctx context.Context, req list.ListRequest, p *langsmith.OAuthProvider) (map[string]attr.Value, diag.Diagnostics) {
	prior, diags := importedRoot(ctx, r, req, oauthProviderObjectType(), p.ProviderID)
	if diags.HasError() {
		return nil, diags
	}
	root, d := oauthProviderState(ctx, p, prior)
	diags.Append(d...)
	return root, diags
}
