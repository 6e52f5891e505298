package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var (
	_ datasource.DataSourceWithConfigure        = (*deploymentDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*deploymentDataSource)(nil)
)

func newDeploymentDataSource() datasource.DataSource { return &deploymentDataSource{} }

type deploymentDataSource struct {
	data *providerData
}

type deploymentDataSourceModel struct {
	ID                   types.String `tfsdk:"id"`
	Name                 types.String `tfsdk:"name"`
	Source               types.String `tfsdk:"source"`
	DisplayName          types.String `tfsdk:"display_name"`
	SourceConfig         types.Object `tfsdk:"source_config"`
	SourceRevisionConfig types.Object `tfsdk:"source_revision_config"`
	SecretNames          types.List   `tfsdk:"secret_names"`
	SecretReferences     types.List   `tfsdk:"secret_references"`
	WorkspaceID          types.String `tfsdk:"workspace_id"`
	Status               types.String `tfsdk:"status"`
	URL                  types.String `tfsdk:"url"`
	CreatedAt            types.String `tfsdk:"created_at"`
	UpdatedAt            types.String `tfsdk:"updated_at"`
	LatestRevisionID     types.String `tfsdk:"latest_revision_id"`
	ActiveRevisionID     types.String `tfsdk:"active_revision_id"`
	ImageVersion         types.String `tfsdk:"image_version"`
	TracerSessionID      types.String `tfsdk:"tracer_session_id"`
	DeploymentTier       types.String `tfsdk:"deployment_tier"`
	ComputeTier          types.String `tfsdk:"compute_tier"`
	DatabaseTier         types.String `tfsdk:"database_tier"`
	Shareable            types.Bool   `tfsdk:"shareable"`
	RouteThroughGateway  types.Bool   `tfsdk:"route_through_gateway"`
	IsPreview            types.Bool   `tfsdk:"is_preview"`
	IsManagedDeepAgent   types.Bool   `tfsdk:"is_managed_deep_agent"`
}

func (d *deploymentDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment"
}

func (d *deploymentDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one LangSmith deployment by `id` or by exact `name` (set exactly one). Variable " +
			"values are never exposed: `secret_names` lists the names of the deployment's environment variables and secrets.",
		Attributes: withDeploymentSettings(map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Deployment ID (UUID). Set this or `name`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{uuidValidator()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Exact deployment name. Set this or `id`; it is an error when no deployment, or more " +
					"than one (for example one still being deleted), has the name.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					stringvalidator.LengthAtMost(deploymentNameMaxLength),
					stringvalidator.RegexMatches(deploymentNamePattern, "must contain only lowercase letters, digits and dashes, "+
						"and start with a letter (for example \"support-agent\")"),
				},
			},
			"source":                 dsString("Where the code comes from: `github`, `external_docker`, `internal_docker`, `internal_source` or `internal_template`."),
			"display_name":           dsString("Human-friendly name shown in the UI; null when never set."),
			"source_config":          sourceConfigDataSourceAttribute(),
			"source_revision_config": sourceRevisionConfigDataSourceAttribute("What the latest revision runs."),
			"secret_names": schema.ListAttribute{
				MarkdownDescription: "Names of the deployment's environment variables and secrets, sorted. The values are not exposed.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"secret_references": schema.ListNestedAttribute{
				MarkdownDescription: "For `external_docker`: environment variables read from Kubernetes Secrets.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":        dsString("Environment variable name."),
					"secret_name": dsString("Name of the Kubernetes Secret."),
					"secret_key":  dsString("Key within the Kubernetes Secret."),
				}},
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "UUID of the workspace to look the deployment up in, sent as `X-Tenant-Id`; defaults to the " +
					"provider's `workspace_id`. Afterwards the workspace that owns the deployment (the API's `tenant_id`).",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"status":             dsString("Deployment status: `AWAITING_DATABASE`, `READY`, `UNUSED`, `AWAITING_DELETE`, `AWAITING_FINAL_DELETE` or `UNKNOWN`."),
			"url":                dsString("URL the deployment serves at, once provisioned."),
			"created_at":         dsString("Creation time (RFC 3339)."),
			"updated_at":         dsString("Last update time (RFC 3339)."),
			"latest_revision_id": dsString("ID of the newest revision."),
			"active_revision_id": dsString("ID of the revision serving traffic; null until a revision is `DEPLOYED`."),
			"image_version":      dsString("Agent Server image version the deployment runs."),
			"tracer_session_id":  dsString("ID of the deployment's tracing project."),
		}),
	}
}

func (d *deploymentDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *deploymentDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *deploymentDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg deploymentDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.data.clientFor(cfg.WorkspaceID.ValueString())
	var dep *langsmith.Deployment
	if id := cfg.ID.ValueString(); id != "" {
		got, err := c.GetDeployment(ctx, id)
		if langsmith.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "LangSmith deployment not found",
				fmt.Sprintf("No deployment with ID %s exists in %s. Check the ID, and that the provider's workspace_id is the "+
					"workspace that holds the deployment.", id, workspaceLabel(d.data)))
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Error reading LangSmith deployment", errorDetail(d.data, "deployment "+id, err))
			return
		}
		dep = got
	} else {
		name := cfg.Name.ValueString()
		// Listed rather than FindDeploymentByName so that several exact
		// matches are reported instead of one picked silently.
		all, err := c.ListDeployments(ctx, langsmith.ListDeploymentsParams{Name: name, NameContains: name})
		if err != nil {
			resp.Diagnostics.AddError("Error listing LangSmith deployments", errorDetail(d.data, fmt.Sprintf("deployments named %q", name), err))
			return
		}
		var matches []langsmith.Deployment
		for _, candidate := range all {
			if candidate.Name == name {
				matches = append(matches, candidate)
			}
		}
		switch len(matches) {
		case 0:
			resp.Diagnostics.AddAttributeError(path.Root("name"), "LangSmith deployment not found",
				fmt.Sprintf("No deployment named %q exists in %s. Names are exact and case-sensitive; the "+
					"langsmith_deployments data source with name_contains finds similar ones.", name, workspaceLabel(d.data)))
			return
		case 1:
			dep = &matches[0]
		default:
			ids := make([]string, 0, len(matches))
			for _, m := range matches {
				ids = append(ids, fmt.Sprintf("%s (%s)", m.ID, m.Status))
			}
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Several LangSmith deployments match",
				fmt.Sprintf("%d deployments are named %q in %s: %s. A deployment that is being deleted keeps its name "+
					"for a while. Look the deployment up by id instead.", len(matches), name, workspaceLabel(d.data), strings.Join(ids, ", ")))
			return
		}
	}

	state := newDeploymentDataSourceModel(dep, c)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// newDeploymentDataSourceModel reads a deployment exactly as the API reports
// it, with the resource's conversions of source_config and
// secret_references, the latest revision's source_revision_config as is, and
// only the names of the variables.
func newDeploymentDataSourceModel(dep *langsmith.Deployment, c *langsmith.Client) deploymentDataSourceModel {
	names := make([]string, 0, len(dep.Secrets))
	for _, s := range dep.Secrets {
		names = append(names, s.Name)
	}
	sort.Strings(names)
	refs := secretReferencesValue(dep.SecretReferences)
	if refs.IsNull() {
		refs = types.ListValueMust(types.ObjectType{AttrTypes: secretReferenceAttrTypes()}, []attr.Value{})
	}
	settings := deploymentSettingsValues(dep)
	return deploymentDataSourceModel{
		ID:                   types.StringValue(dep.ID),
		Name:                 types.StringValue(dep.Name),
		Source:               types.StringValue(dep.Source),
		DisplayName:          types.StringPointerValue(dep.DisplayName),
		SourceConfig:         reportedSourceConfig(apiSourceConfig(dep.SourceConfig), dep.SourceConfig.RepoBranch),
		SourceRevisionConfig: sourceRevisionConfigValue(dep.SourceRevisionConfig),
		SecretNames:          stringList(names),
		SecretReferences:     refs,
		WorkspaceID:          types.StringPointerValue(firstNonNil(dep.TenantID, emptyToNil(c.TenantID()))),
		Status:               types.StringValue(dep.Status),
		URL:                  types.StringPointerValue(firstNonNil(dep.URL, cloudURL(dep))),
		CreatedAt:            timeValue(dep.CreatedAt),
		UpdatedAt:            timeValue(dep.UpdatedAt),
		LatestRevisionID:     types.StringPointerValue(dep.LatestRevisionID),
		ActiveRevisionID:     types.StringPointerValue(dep.ActiveRevisionID),
		ImageVersion:         types.StringPointerValue(dep.ImageVersion),
		TracerSessionID:      types.StringPointerValue(dep.TracerSessionID),
		DeploymentTier:       settingOf[types.String](settings, "deployment_tier"),
		ComputeTier:          settingOf[types.String](settings, "compute_tier"),
		DatabaseTier:         settingOf[types.String](settings, "database_tier"),
		Shareable:            settingOf[types.Bool](settings, "shareable"),
		RouteThroughGateway:  settingOf[types.Bool](settings, "route_through_gateway"),
		IsPreview:            settingOf[types.Bool](settings, "is_preview"),
		IsManagedDeepAgent:   settingOf[types.Bool](settings, "is_managed_deep_agent"),
	}
}

// reportedSourceConfig is the resource's source_config plus the read-only
// repo_branch, which the data source reports inside source_config as the API does.
func reportedSourceConfig(sc types.Object, repoBranch *string) types.Object {
	attrTypes := sourceConfigAttrTypes()
	attrTypes["repo_branch"] = types.StringType
	vals := make(map[string]attr.Value, len(attrTypes))
	for k, v := range sc.Attributes() {
		vals[k] = v
	}
	vals["repo_branch"] = types.StringPointerValue(repoBranch)
	return types.ObjectValueMust(attrTypes, vals)
}

// reportedRevisionConfigAttrTypes are the data sources' source_revision_config
// types: the resource's, plus the read-only repo_commit_sha.
func reportedRevisionConfigAttrTypes() map[string]attr.Type {
	t := sourceRevisionConfigAttrTypes()
	t["repo_commit_sha"] = types.StringType
	return t
}

// sourceRevisionConfigValue is a revision's source_revision_config exactly as
// the API reports it (for github, image_uri is the built image).
func sourceRevisionConfigValue(src langsmith.SourceRevisionConfig) types.Object {
	return types.ObjectValueMust(reportedRevisionConfigAttrTypes(), map[string]attr.Value{
		"repo_ref":              types.StringPointerValue(src.RepoRef),
		"langgraph_config_path": types.StringPointerValue(src.LanggraphConfigPath),
		"image_uri":             types.StringPointerValue(src.ImageURI),
		"repo_commit_sha":       types.StringPointerValue(src.RepoCommitSHA),
	})
}

func sourceRevisionConfigDataSourceAttribute(desc string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: desc,
		Computed:            true,
		Attributes: map[string]schema.Attribute{
			"repo_ref":              dsString("For `github`: the branch or tag ref the revision was built from."),
			"langgraph_config_path": dsString("For `github`: path of `langgraph.json` in the repository."),
			"image_uri":             dsString("The image the revision runs: the configured image for `external_docker`, the built image for `github`."),
			"repo_commit_sha":       dsString("For `github`: the commit the revision was built from."),
		},
	}
}

func sourceConfigDataSourceAttribute() schema.SingleNestedAttribute {
	spec := map[string]schema.Attribute{
		"labels":               schema.MapAttribute{MarkdownDescription: "Kubernetes labels added to the pods.", ElementType: types.StringType, Computed: true},
		"annotations":          schema.MapAttribute{MarkdownDescription: "Kubernetes annotations added to the pods.", ElementType: types.StringType, Computed: true},
		"service_account_name": dsString("Kubernetes service account the pods run as."),
	}
	for _, f := range resourceSpecFields {
		if f.ints != nil {
			spec[f.name] = schema.Int64Attribute{MarkdownDescription: f.desc, Computed: true}
		} else {
			spec[f.name] = schema.Float64Attribute{MarkdownDescription: f.desc, Computed: true}
		}
	}
	addKubeDataSourceSchema(spec)
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Source configuration, as the API reports it.",
		Computed:            true,
		Attributes: map[string]schema.Attribute{
			"integration_id":  dsString("For `github`: GitHub integration ID."),
			"repo_url":        dsString("For `github`: repository URL."),
			"deployment_type": dsString("`dev_free`, `dev`, `prod`, `dev_zero` or `dev_free_zero`."),
			"build_on_push":   schema.BoolAttribute{MarkdownDescription: "For `github`: whether a push to the tracked branch rebuilds.", Computed: true},
			"custom_url":      dsString("The URL the deployment is served at (set for `external_docker`, filled in by the API otherwise)."),
			"resource_spec": schema.SingleNestedAttribute{
				MarkdownDescription: "Compute resources of the deployment; fields the API does not report are null.",
				Computed:            true,
				Attributes:          spec,
			},
			"listener_id": dsString("For `external_docker`: ID of the listener whose cluster runs the deployment."),
			"listener_config": schema.SingleNestedAttribute{
				MarkdownDescription: "For `external_docker` with a listener: where in the cluster it runs.",
				Computed:            true,
				Attributes:          map[string]schema.Attribute{"k8s_namespace": dsString("Kubernetes namespace.")},
			},
			"install_command": dsString("For JavaScript apps: install command."),
			"build_command":   dsString("For JavaScript apps: build command."),
			"template_id":     dsString("For `internal_template`: the template deployed."),
			"repo_branch":     dsString("For `github`: the branch the deployment tracks."),
		},
	}
}

// dsString is a computed string attribute of a data source.
func dsString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

// configuredData returns the provider's data handed to Configure, or nil
// before the provider is configured (validation runs without it).
func configuredData(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T", raw))
		return nil
	}
	return data
}

// workspaceLabel names the workspace requests act in, for messages.
func workspaceLabel(data *providerData) string {
	if data != nil && data.workspaceID != "" {
		return "workspace " + data.workspaceID
	}
	return "the API key's default workspace"
}

// settingOf is settings[name] as T: the zero T (null) when absent.
func settingOf[T attr.Value](settings map[string]attr.Value, name string) T {
	v, _ := settings[name].(T)
	return v
}
