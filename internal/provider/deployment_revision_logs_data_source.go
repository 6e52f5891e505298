package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

var _ datasource.DataSourceWithConfigure = (*deploymentRevisionLogsDataSource)(nil)

// defaultLogLimit is how many lines the data source returns when limit is
// not set.
const defaultLogLimit = 100

func newDeploymentRevisionLogsDataSource() datasource.DataSource {
	return &deploymentRevisionLogsDataSource{}
}

type deploymentRevisionLogsDataSource struct {
	data *providerData
}

type deploymentRevisionLogsDataSourceModel struct {
	WorkspaceID  types.String `tfsdk:"workspace_id"`
	DeploymentID types.String `tfsdk:"deployment_id"`
	RevisionID   types.String `tfsdk:"revision_id"`
	Type         types.String `tfsdk:"type"`
	Level        types.String `tfsdk:"level"`
	Limit        types.Int64  `tfsdk:"limit"`
	Lines        types.List   `tfsdk:"lines"`
	Text         types.String `tfsdk:"text"`
}

func logLineAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{"timestamp": types.StringType, "level": types.StringType, "message": types.StringType}
}

func (d *deploymentRevisionLogsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_revision_logs"
}

func (d *deploymentRevisionLogsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the newest lines of a revision's build or deploy log, for CI that wants to print them " +
			"after a failed apply. Every value of the deployment's variables (`secrets` and `environment_variables`: the API " +
			"reports them as one list and does not say which are secret) and every secret the provider knows is replaced " +
			"with `***` in `lines` and `text`.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": workspaceArgument(),
			"deployment_id": schema.StringAttribute{
				MarkdownDescription: "ID of the deployment.",
				Required:            true,
				Validators:          []validator.String{uuidValidator()},
			},
			"revision_id": schema.StringAttribute{
				MarkdownDescription: "ID of the revision. Defaults to the deployment's `latest_revision_id`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{uuidValidator()},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "Which log: `build` (image build of a `github` or `internal_source` revision) or " +
					"`deploy` (rollout and startup; the only log of an image source).",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(langsmith.LogTypeBuild, langsmith.LogTypeDeploy)},
			},
			"level": schema.StringAttribute{
				MarkdownDescription: "Only lines of this level, as the API filters them: `DEBUG`, `INFO`, `WARNING`, `ERROR` or " +
					"`CRITICAL`. All lines when not set.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(langsmith.LogLevels...)},
			},
			"limit": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many of the newest lines to return, 1 to %d. Defaults to %d.",
					langsmith.MaxLogLimit, defaultLogLimit),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, langsmith.MaxLogLimit)},
			},
			"lines": schema.ListNestedAttribute{
				MarkdownDescription: "The log lines, oldest first (the newest `limit` lines of the log).",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"timestamp": dsString("When the line was written, as the API reports it (RFC 3339); empty when it does not."),
					"level":     dsString("Log level, such as `INFO` or `ERROR`; empty when the API reports none."),
					"message":   dsString("The line's text."),
				}},
			},
			"text": dsString("The messages of `lines` joined with newlines, ready to print."),
		},
	}
}

func (d *deploymentRevisionLogsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// Read costs two requests: the deployment (for its latest revision and the
// variable values to redact) and one page of the log.
func (d *deploymentRevisionLogsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m deploymentRevisionLogsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws := m.WorkspaceID.ValueString()
	c := d.data.clientFor(ws)
	depID := m.DeploymentID.ValueString()
	dep, err := c.GetDeployment(ctx, depID)
	if langsmith.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("deployment_id"), "LangSmith deployment not found",
			fmt.Sprintf("No deployment with ID %s exists in %s.", depID, workspaceLabelFor(d.data, ws)))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading LangSmith deployment", errorDetail(d.data, "deployment "+depID, err))
		return
	}
	redact := redactorFor(d.data, deploymentSecretValues(dep, nil, nil)...)

	revID := m.RevisionID.ValueString()
	if !isSet(m.RevisionID) {
		revID = deref(dep.LatestRevisionID)
		if revID == "" {
			resp.Diagnostics.AddAttributeError(path.Root("revision_id"), "LangSmith deployment has no revision",
				fmt.Sprintf("Deployment %s reports no latest_revision_id, so there is no log to read. Set revision_id.", depID))
			return
		}
	}
	limit := int64(defaultLogLimit)
	if isSet(m.Limit) {
		limit = m.Limit.ValueInt64()
	}
	entries, err := c.TailRevisionLogs(ctx, depID, revID, langsmith.RevisionLogsParams{
		Type: m.Type.ValueString(), Level: m.Level.ValueString(), Limit: int(limit),
	})
	if langsmith.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("revision_id"), "LangSmith deployment revision not found",
			redact(fmt.Sprintf("The API has no revision %s of deployment %s in %s: %s. Check the ID; old revisions may be pruned.",
				revID, depID, workspaceLabelFor(d.data, ws), err.Error())))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Error reading LangSmith deployment revision logs",
			redact(errorDetail(d.data, fmt.Sprintf("the %s log of revision %s of deployment %s", m.Type.ValueString(), revID, depID), err)))
		return
	}

	items := make([]attr.Value, 0, len(entries))
	messages := make([]string, 0, len(entries))
	for _, e := range entries {
		msg := redact(e.Message)
		obj, diags := types.ObjectValue(logLineAttrTypes(), map[string]attr.Value{
			"timestamp": types.StringValue(redact(e.Timestamp)),
			"level":     types.StringValue(redact(e.Level)),
			"message":   types.StringValue(msg),
		})
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		items = append(items, obj)
		messages = append(messages, msg)
	}
	lines, diags := types.ListValue(types.ObjectType{AttrTypes: logLineAttrTypes()}, items)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.RevisionID = types.StringValue(revID)
	m.Lines = lines
	m.Text = types.StringValue(strings.Join(messages, "\n"))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// redactorFor returns a function that replaces with "***" every value in
// values and every secret the provider has seen (the API key, the secrets it
// sent or read). Values shorter than the mask's minimum are left alone, as
// in the logs (see sensitiveValues).
func redactorFor(data *providerData, values ...string) func(string) string {
	s := &sensitiveValues{}
	if data != nil && data.sensitive != nil {
		s.add(data.sensitive.list()...)
	}
	s.add(values...)
	return s.redact
}

// deploymentSecretValues lists the variable values to redact from a
// deployment's logs: every value the API reports in its secrets except
// those of variables configured in root's environment_variables (plain, so
// shown in plans anyway), plus root's secrets and the write-only values wo.
// With no root (a data source, the redeploy record) every value the API
// reports counts, since the API does not tell plain variables from secrets.
func deploymentSecretValues(dep *langsmith.Deployment, root map[string]attr.Value, wo map[string]string) []string {
	var out []string
	plain := map[string]attr.Value{}
	if root != nil {
		if m, ok := root["environment_variables"].(types.Map); ok && !m.IsNull() && !m.IsUnknown() {
			plain = m.Elements()
		}
		if m, ok := root["secrets"].(types.Map); ok {
			out = append(out, mapValues(m)...)
		}
	}
	out = append(out, valuesOf(wo)...)
	if dep != nil {
		for _, v := range dep.Secrets {
			if _, isPlain := plain[v.Name]; !isPlain {
				out = append(out, v.Value)
			}
		}
	}
	return out
}
