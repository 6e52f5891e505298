package provider

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// deploymentResourceModel is the typed view of a plan, used to build
// requests. State is built from API responses by deploymentState, on
// attribute values by name, row by row of the policy table.
type deploymentResourceModel struct {
	ID                   types.String   `tfsdk:"id"`
	Name                 types.String   `tfsdk:"name"`
	Source               types.String   `tfsdk:"source"`
	DisplayName          types.String   `tfsdk:"display_name"`
	SourceConfig         types.Object   `tfsdk:"source_config"`
	SourceRevisionConfig types.Object   `tfsdk:"source_revision_config"`
	EnvironmentVariables types.Map      `tfsdk:"environment_variables"`
	Secrets              types.Map      `tfsdk:"secrets"`
	SecretReferences     types.List     `tfsdk:"secret_references"`
	DeleteTracingProject types.Bool     `tfsdk:"delete_tracing_project"`
	WorkspaceID          types.String   `tfsdk:"workspace_id"`
	Status               types.String   `tfsdk:"status"`
	URL                  types.String   `tfsdk:"url"`
	CreatedAt            types.String   `tfsdk:"created_at"`
	UpdatedAt            types.String   `tfsdk:"updated_at"`
	LatestRevisionID     types.String   `tfsdk:"latest_revision_id"`
	ActiveRevisionID     types.String   `tfsdk:"active_revision_id"`
	LatestRevisionStatus types.String   `tfsdk:"latest_revision_status"`
	ImageVersion         types.String   `tfsdk:"image_version"`
	TracerSessionID      types.String   `tfsdk:"tracer_session_id"`
	RepoBranch           types.String   `tfsdk:"repo_branch"`
	RepoCommitSHA        types.String   `tfsdk:"repo_commit_sha"`
	Timeouts             timeouts.Value `tfsdk:"timeouts"`
	SecretsWO            types.Map      `tfsdk:"secrets_wo"`
	SecretsWOVersion     types.Int64    `tfsdk:"secrets_wo_version"`
	EnvironmentHash      types.String   `tfsdk:"environment_hash"`
	DeploymentTier       types.String   `tfsdk:"deployment_tier"`
	ComputeTier          types.String   `tfsdk:"compute_tier"`
	DatabaseTier         types.String   `tfsdk:"database_tier"`
	Shareable            types.Bool     `tfsdk:"shareable"`
	RouteThroughGateway  types.Bool     `tfsdk:"route_through_gateway"`
	TrackedRepoRef       types.String   `tfsdk:"tracked_repo_ref"`
}

type sourceConfigModel struct {
	IntegrationID  types.String `tfsdk:"integration_id"`
	RepoURL        types.String `tfsdk:"repo_url"`
	DeploymentType types.String `tfsdk:"deployment_type"`
	BuildOnPush    types.Bool   `tfsdk:"build_on_push"`
	CustomURL      types.String `tfsdk:"custom_url"`
	ResourceSpec   types.Object `tfsdk:"resource_spec"`
	ListenerID     types.String `tfsdk:"listener_id"`
	ListenerConfig types.Object `tfsdk:"listener_config"`
	InstallCommand types.String `tfsdk:"install_command"`
	BuildCommand   types.String `tfsdk:"build_command"`
	TemplateID     types.String `tfsdk:"template_id"`
}

type sourceRevisionConfigModel struct {
	RepoRef             types.String `tfsdk:"repo_ref"`
	LanggraphConfigPath types.String `tfsdk:"langgraph_config_path"`
	ImageURI            types.String `tfsdk:"image_uri"`
}

type secretReferenceModel struct {
	Name       types.String `tfsdk:"name"`
	SecretName types.String `tfsdk:"secret_name"`
	SecretKey  types.String `tfsdk:"secret_key"`
}

var objectAsOptions = basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true, UnhandledUnknownAsEmpty: true}

func (m deploymentResourceModel) sourceConfig(ctx context.Context) (sourceConfigModel, diag.Diagnostics) {
	var sc sourceConfigModel
	diags := m.SourceConfig.As(ctx, &sc, objectAsOptions)
	return sc, diags
}

func (m deploymentResourceModel) sourceRevisionConfig(ctx context.Context) (sourceRevisionConfigModel, diag.Diagnostics) {
	var src sourceRevisionConfigModel
	diags := m.SourceRevisionConfig.As(ctx, &src, objectAsOptions)
	return src, diags
}

// stringPtr returns nil for a null or unknown value.
func stringPtr(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

func boolPtr(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
}

// stringMap converts a map to Go; null or unknown gives nil, and unknown
// elements (a value from a variable during validation) are left out.
func stringMap(ctx context.Context, m types.Map) (map[string]string, diag.Diagnostics) {
	if m.IsNull() || m.IsUnknown() {
		return nil, nil
	}
	elems := map[string]types.String{}
	diags := m.ElementsAs(ctx, &elems, false)
	out := make(map[string]string, len(elems))
	for k, v := range elems {
		if !v.IsUnknown() && !v.IsNull() {
			out[k] = v.ValueString()
		}
	}
	return out, diags
}

func (m deploymentResourceModel) secretReferences(ctx context.Context) ([]langsmith.SecretReference, diag.Diagnostics) {
	if m.SecretReferences.IsNull() || m.SecretReferences.IsUnknown() {
		return nil, nil
	}
	var refs []secretReferenceModel
	diags := m.SecretReferences.ElementsAs(ctx, &refs, false)
	out := make([]langsmith.SecretReference, 0, len(refs))
	for _, r := range refs {
		out = append(out, langsmith.SecretReference{Name: r.Name.ValueString(), SecretName: r.SecretName.ValueString(), SecretKey: r.SecretKey.ValueString()})
	}
	return out, diags
}

// resourceSpecFromObject returns the fields of a resource_spec object that
// are known and non-null; nil when the object is null or unknown. A planned
// spec has unknowns exactly where the API is to fill or derive a value, so
// those are not sent.
func resourceSpecFromObject(ctx context.Context, obj types.Object) (*langsmith.ResourceSpec, diag.Diagnostics) {
	var diags diag.Diagnostics
	if obj.IsNull() || obj.IsUnknown() {
		return nil, diags
	}
	attrs := obj.Attributes()
	spec := &langsmith.ResourceSpec{}
	for _, f := range resourceSpecFields {
		switch v := attrs[f.name].(type) {
		case types.Int64:
			if isSet(v) {
				n := v.ValueInt64()
				*f.ints(spec) = &n
			}
		case types.Float64:
			if isSet(v) {
				n := v.ValueFloat64()
				*f.floats(spec) = &n
			}
		}
	}
	for name, dst := range map[string]*map[string]string{"labels": &spec.Labels, "annotations": &spec.Annotations} {
		if v, ok := attrs[name].(types.Map); ok && isSet(v) {
			m, d := stringMap(ctx, v)
			diags.Append(d...)
			*dst = m
		}
	}
	if v, ok := attrs["service_account_name"].(types.String); ok {
		spec.ServiceAccountName = stringPtr(v)
	}
	diags.Append(kubeMembersInto(attrs, spec)...)
	return spec, diags
}

// resourceSpecObject converts the API's spec into the resource_spec object.
func resourceSpecObject(spec *langsmith.ResourceSpec) types.Object {
	if spec == nil {
		return types.ObjectNull(resourceSpecAttrTypes())
	}
	attrs := map[string]attr.Value{
		"labels":               mapValue(spec.Labels),
		"annotations":          mapValue(spec.Annotations),
		"service_account_name": types.StringPointerValue(spec.ServiceAccountName),
	}
	for _, f := range resourceSpecFields {
		if f.ints != nil {
			attrs[f.name] = types.Int64PointerValue(*f.ints(spec))
		} else {
			attrs[f.name] = decimalFloatPointer(*f.floats(spec))
		}
	}
	for k, v := range kubeValues(spec) {
		attrs[k] = v
	}
	return types.ObjectValueMust(resourceSpecAttrTypes(), attrs)
}

func mapValue(m map[string]string) types.Map {
	if m == nil {
		return types.MapNull(types.StringType)
	}
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

// createRequest builds the POST body from a plan and the secrets_wo values.
// display_name is not part of it: the API ignores it on create, so Create
// sends a PATCH afterwards. Values the plan leaves unknown are the API's to
// fill in and are not sent.
func (m deploymentResourceModel) createRequest(ctx context.Context, wo map[string]string) (*langsmith.DeploymentCreateRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	sc, d := m.sourceConfig(ctx)
	diags.Append(d...)
	src, d := m.sourceRevisionConfig(ctx)
	diags.Append(d...)
	secrets, d := requestVariables(ctx, m.EnvironmentVariables, m.Secrets, wo)
	diags.Append(d...)
	refs, d := m.secretReferences(ctx)
	diags.Append(d...)
	spec, d := resourceSpecFromObject(ctx, sc.ResourceSpec)
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	source := m.Source.ValueString()
	if spec == nil && source == langsmith.SourceExternalDocker {
		// The API requires the object for external images; {} takes its defaults.
		spec = &langsmith.ResourceSpec{}
	}
	req := &langsmith.DeploymentCreateRequest{
		Name:   m.Name.ValueString(),
		Source: source,
		SourceConfig: langsmith.SourceConfig{
			IntegrationID:  stringPtr(sc.IntegrationID),
			RepoURL:        stringPtr(sc.RepoURL),
			DeploymentType: stringPtr(sc.DeploymentType),
			CustomURL:      stringPtr(sc.CustomURL),
			ResourceSpec:   spec,
			ListenerID:     stringPtr(sc.ListenerID),
			ListenerConfig: listenerConfig(sc.ListenerConfig),
			InstallCommand: stringPtr(sc.InstallCommand),
			BuildCommand:   stringPtr(sc.BuildCommand),
			TemplateID:     stringPtr(sc.TemplateID),
		},
		SourceRevisionConfig: langsmith.SourceRevisionConfig{
			RepoRef:             stringPtr(src.RepoRef),
			LanggraphConfigPath: stringPtr(src.LanggraphConfigPath),
			ImageURI:            stringPtr(src.ImageURI),
		},
		Secrets:             secrets,
		SecretReferences:    refs,
		Shareable:           boolPtr(m.Shareable),
		RouteThroughGateway: boolPtr(m.RouteThroughGateway),
	}
	if deploymentPolicy.row("source_config.build_on_push").appliesTo(source) {
		// Planned as false when left out (the create default).
		req.SourceConfig.BuildOnPush = boolPtr(sc.BuildOnPush)
	}
	return req, diags
}

func listenerConfig(obj types.Object) *langsmith.ListenerConfig {
	if obj.IsNull() || obj.IsUnknown() {
		return nil
	}
	ns, _ := obj.Attributes()["k8s_namespace"].(types.String)
	return &langsmith.ListenerConfig{K8sNamespace: stringPtr(ns)}
}

// apiSourceConfig is source_config exactly as the API reports it (the data
// sources show this; the resource reconciles it with its prior state).
func apiSourceConfig(sc langsmith.SourceConfig) types.Object {
	var lc types.Object
	if sc.ListenerConfig == nil || sc.ListenerConfig.K8sNamespace == nil {
		lc = types.ObjectNull(listenerConfigAttrTypes())
	} else {
		lc = types.ObjectValueMust(listenerConfigAttrTypes(), map[string]attr.Value{"k8s_namespace": types.StringPointerValue(sc.ListenerConfig.K8sNamespace)})
	}
	return types.ObjectValueMust(sourceConfigAttrTypes(), map[string]attr.Value{
		"integration_id":  types.StringPointerValue(sc.IntegrationID),
		"repo_url":        types.StringPointerValue(sc.RepoURL),
		"deployment_type": types.StringPointerValue(sc.DeploymentType),
		"build_on_push":   types.BoolPointerValue(sc.BuildOnPush),
		"custom_url":      types.StringPointerValue(sc.CustomURL),
		"resource_spec":   resourceSpecObject(sc.ResourceSpec),
		"listener_id":     types.StringPointerValue(sc.ListenerID),
		"listener_config": lc,
		"install_command": types.StringPointerValue(sc.InstallCommand),
		"build_command":   types.StringPointerValue(sc.BuildCommand),
		"template_id":     types.StringPointerValue(sc.TemplateID),
	})
}

func secretReferencesValue(refs []langsmith.SecretReference) types.List {
	elemType := types.ObjectType{AttrTypes: secretReferenceAttrTypes()}
	if len(refs) == 0 {
		return types.ListNull(elemType)
	}
	elems := make([]attr.Value, 0, len(refs))
	for _, r := range refs {
		elems = append(elems, types.ObjectValueMust(secretReferenceAttrTypes(), map[string]attr.Value{
			"name": types.StringValue(r.Name), "secret_name": types.StringValue(r.SecretName), "secret_key": types.StringValue(r.SecretKey),
		}))
	}
	return types.ListValueMust(elemType, elems)
}

// stateContext is what deploymentState needs besides the response.
type stateContext struct {
	// refresh applies the drift rule of source_revision_config (Read);
	// after Terraform's own apply the configured values stand.
	refresh  bool
	observed *observedRevisionConfig
	// woNames are the write-only variable names (private state after this
	// step); woValues their configured values, known in Create and Update.
	woNames  map[string]bool
	woValues map[string]string
	hashKey  []byte
	// latestStatus is latest_revision_status, which the deployment does
	// not report itself.
	latestStatus types.String
	// workspaceID is the workspace the requests went to ("" for the key's
	// default), for servers that do not report tenant_id.
	workspaceID string
}

// deploymentState builds a deployment's state from the API's answer and
// prior, the plan (after Create or Update) or the previous state (Read; on
// import it holds only the ID). Each attribute is the API's value unless the
// prior value means the same (the policy table decides: create-only
// spellings, normalised numbers, empty collections the API drops, values the
// API does not echo); the variables and source_revision_config have rules of
// their own (deployment_variables.go, deployment_drift.go).
func deploymentState(ctx context.Context, d *langsmith.Deployment, prior map[string]attr.Value, c stateContext) (map[string]attr.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	if prior == nil {
		prior = map[string]attr.Value{}
	}
	api := map[string]attr.Value{
		"id":                     types.StringValue(d.ID),
		"name":                   types.StringValue(d.Name),
		"source":                 types.StringValue(d.Source),
		"display_name":           types.StringPointerValue(d.DisplayName),
		"source_config":          apiSourceConfig(d.SourceConfig),
		"secret_references":      secretReferencesValue(d.SecretReferences),
		"workspace_id":           types.StringPointerValue(firstNonNil(d.TenantID, emptyToNil(c.workspaceID))),
		"status":                 types.StringValue(d.Status),
		"url":                    types.StringPointerValue(firstNonNil(d.URL, cloudURL(d))),
		"created_at":             timeValue(d.CreatedAt),
		"updated_at":             timeValue(d.UpdatedAt),
		"latest_revision_id":     types.StringPointerValue(d.LatestRevisionID),
		"active_revision_id":     types.StringPointerValue(d.ActiveRevisionID),
		"latest_revision_status": c.latestStatus,
		"image_version":          types.StringPointerValue(d.ImageVersion),
		"tracer_session_id":      types.StringPointerValue(d.TracerSessionID),
		"repo_branch":            types.StringPointerValue(d.SourceConfig.RepoBranch),
		"repo_commit_sha":        types.StringPointerValue(d.SourceRevisionConfig.RepoCommitSHA),
		"secrets_wo":             types.MapNull(types.StringType),
		"delete_tracing_project": types.BoolValue(false),
		"timeouts":               timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)},
		"secrets_wo_version":     types.Int64Null(),
		"deployment_tier":        types.StringPointerValue(d.DeploymentTier),
		"compute_tier":           types.StringPointerValue(d.ComputeTier),
		"database_tier":          types.StringPointerValue(d.DatabaseTier),
		// Both default to false (§4.1); older servers do not send them.
		"shareable":             types.BoolValue(d.Shareable != nil && *d.Shareable),
		"route_through_gateway": types.BoolValue(d.RouteThroughGateway != nil && *d.RouteThroughGateway),
		// The API reports the tracked ref as source_config.repo_branch.
		"tracked_repo_ref": types.StringPointerValue(d.SourceConfig.RepoBranch),
	}
	if api["latest_revision_status"] == nil {
		api["latest_revision_status"] = types.StringNull()
	}
	out, err := reconcileRows(ctx, deploymentPolicy, "", api, prior, d.Source)
	if err != nil {
		diags.AddError("Error converting LangSmith deployment", err.Error())
		return nil, diags
	}
	if v := prior["secrets_wo_version"]; v != nil && !v.IsUnknown() {
		out["secrets_wo_version"] = v
	}

	buildOnPush := false
	if b, ok := valueAt(out, []string{"source_config", "build_on_push"}).(types.Bool); ok && isSet(b) {
		buildOnPush = b.ValueBool()
	}
	priorSRC, _ := prior["source_revision_config"].(types.Object)
	out["source_revision_config"] = revisionConfigState(d, priorSRC, c.observed, c.refresh, buildOnPush)

	// The variables.
	priorEnv, _ := prior["environment_variables"].(types.Map)
	priorSec, _ := prior["secrets"].(types.Map)
	if priorEnv.IsUnknown() {
		priorEnv = types.MapNull(types.StringType)
	}
	vars := d.Secrets
	if len(vars) == 0 && (len(priorEnv.Elements())+len(priorSec.Elements()) > 0 || len(c.woNames) > 0) {
		// The server sent no variables although the deployment has some:
		// it does not return them, so what was last sent stands.
		out["environment_variables"], out["secrets"] = priorEnv, knownMap(priorSec)
		out["environment_hash"] = knownString(prior["environment_hash"])
		if c.woValues != nil {
			out["environment_hash"] = environmentHash(c.hashKey, d.ID, c.woNames, c.woValues)
		}
	} else {
		out["environment_variables"], out["secrets"] = splitVariables(vars, priorEnv, priorSec, c.woNames)
		out["environment_hash"] = environmentHash(c.hashKey, d.ID, c.woNames, variableMap(vars))
	}
	return out, diags
}

// cloudURL is the serving URL of a deployment whose server fills it into
// source_config.custom_url only (older servers have no url field).
func cloudURL(d *langsmith.Deployment) *string {
	if d.Source == langsmith.SourceExternalDocker {
		return nil
	}
	return d.SourceConfig.CustomURL
}

// reconcileRows applies the table's rows under prefix (the attributes of one
// object) to an API object and its prior value. A nested object whose prior
// value stands is kept whole; otherwise its attributes are reconciled one by
// one. A row that does not apply to the deployment's source holds null,
// unless the prior value is what the API reports (state written before the
// row existed).
func reconcileRows(ctx context.Context, t policyTable, prefix string, api, prior map[string]attr.Value, source string) (map[string]attr.Value, error) {
	out := make(map[string]attr.Value, len(api))
	for k, v := range api {
		out[k] = v
	}
	for i := range t {
		r := &t[i]
		name, ok := strings.CutPrefix(r.path, prefix)
		if !ok || strings.Contains(name, ".") || r.group != "" {
			continue
		}
		a, p := api[name], prior[name]
		if a == nil {
			continue
		}
		if r.kind == kindLocal {
			if p != nil && !p.IsUnknown() {
				out[name] = p
			}
			continue
		}
		if !r.appliesTo(source) {
			if p != nil && !p.IsUnknown() && p.Equal(a) {
				out[name] = p
			} else {
				out[name] = nullOf(a)
			}
			continue
		}
		v, fromPrior := r.reconcile(p, a)
		ao, aIsObj := a.(types.Object)
		po, pIsObj := p.(types.Object)
		if aIsObj && !fromPrior && isSet(ao) {
			inner, err := reconcileRows(ctx, t, r.path+".", ao.Attributes(), attrsOf(po), source)
			if err != nil {
				return nil, err
			}
			obj, diags := types.ObjectValue(ao.AttributeTypes(ctx), inner)
			if diags.HasError() {
				return nil, diagsError(diags)
			}
			v = obj
		} else if pIsObj && fromPrior {
			v = knownObject(ctx, po)
		}
		out[name] = v
	}
	return out, nil
}

// nullOf returns the null value of v's type.
func nullOf(v attr.Value) attr.Value {
	switch x := v.(type) {
	case types.String:
		return types.StringNull()
	case types.Bool:
		return types.BoolNull()
	case types.Int64:
		return types.Int64Null()
	case types.Float64:
		return types.Float64Null()
	case types.Map:
		return types.MapNull(x.ElementType(context.Background()))
	case types.List:
		return types.ListNull(x.ElementType(context.Background()))
	case types.Object:
		return types.ObjectNull(x.AttributeTypes(context.Background()))
	}
	return v
}

// knownObject replaces unknown attributes of obj (a planned object) with null.
func knownObject(ctx context.Context, obj types.Object) types.Object {
	if obj.IsNull() || obj.IsUnknown() {
		if obj.IsUnknown() {
			return types.ObjectNull(obj.AttributeTypes(ctx))
		}
		return obj
	}
	attrs := obj.Attributes()
	out := make(map[string]attr.Value, len(attrs))
	for k, v := range attrs {
		switch x := v.(type) {
		case types.Object:
			out[k] = knownObject(ctx, x)
		default:
			if v.IsUnknown() {
				v = nullOf(v)
			}
			out[k] = v
		}
	}
	return types.ObjectValueMust(obj.AttributeTypes(ctx), out)
}

func knownMap(m types.Map) types.Map {
	if m.IsUnknown() {
		return types.MapNull(types.StringType)
	}
	return m
}

func knownString(v attr.Value) types.String {
	s, ok := v.(types.String)
	if !ok || s.IsUnknown() {
		return types.StringNull()
	}
	return s
}

var timeoutsAttrTypes = map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType}

func firstNonNil(ps ...*string) *string {
	for _, p := range ps {
		if p != nil {
			return p
		}
	}
	return nil
}

func timeValue(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
}

// deploymentObjectType is the resource's whole value type.
var deploymentObjectType = sync.OnceValue(func() types.ObjectType {
	return objectTypeOf(context.Background(), &deploymentResource{})
})

func diagsError(diags diag.Diagnostics) error {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary() + ": " + d.Detail() + "; ")
	}
	return &conversionError{b.String()}
}

type conversionError struct{ msg string }

func (e *conversionError) Error() string { return e.msg }

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// emptyToNil returns nil for "" and &s otherwise.
func emptyToNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
