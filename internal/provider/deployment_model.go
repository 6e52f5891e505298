package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

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
	TenantID             types.String   `tfsdk:"tenant_id"`
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

	// woValues are the secrets_wo values, read from the configuration in
	// plan and apply only; Terraform never stores them.
	woValues map[string]string `tfsdk:"-"`
	// woNames are the names of the variables set through secrets_wo, kept
	// in private state so Read does not mistake them for secrets.
	woNames map[string]bool `tfsdk:"-"`
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

// envSecrets merges environment_variables, secrets and the secrets_wo values
// into the API's one list of variables, sorted by name so requests are
// deterministic.
func (m deploymentResourceModel) envSecrets(ctx context.Context) ([]langsmith.Secret, diag.Diagnostics) {
	var diags diag.Diagnostics
	env, d := stringMap(ctx, m.EnvironmentVariables)
	diags.Append(d...)
	sec, d := stringMap(ctx, m.Secrets)
	diags.Append(d...)
	out := make([]langsmith.Secret, 0, len(env)+len(sec))
	for k, v := range env {
		out = append(out, langsmith.Secret{Name: k, Value: v})
	}
	for k, v := range sec {
		out = append(out, langsmith.Secret{Name: k, Value: v})
	}
	for k, v := range m.woValues {
		out = append(out, langsmith.Secret{Name: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
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
// are known and non-null; nil when the object is null or unknown.
func resourceSpecFromObject(ctx context.Context, obj types.Object) (*langsmith.ResourceSpec, diag.Diagnostics) {
	var diags diag.Diagnostics
	if obj.IsNull() || obj.IsUnknown() {
		return nil, diags
	}
	attrs := obj.Attributes()
	spec := &langsmith.ResourceSpec{}
	for _, f := range resourceSpecNumbers {
		switch v := attrs[f.name].(type) {
		case types.Int64:
			if !v.IsNull() && !v.IsUnknown() {
				n := v.ValueInt64()
				*f.ints(spec) = &n
			}
		case types.Float64:
			if !v.IsNull() && !v.IsUnknown() {
				n := v.ValueFloat64()
				*f.floats(spec) = &n
			}
		}
	}
	if v, ok := attrs["labels"].(types.Map); ok {
		m, d := stringMap(ctx, v)
		diags.Append(d...)
		spec.Labels = m
	}
	if v, ok := attrs["annotations"].(types.Map); ok {
		m, d := stringMap(ctx, v)
		diags.Append(d...)
		spec.Annotations = m
	}
	if v, ok := attrs["service_account_name"].(types.String); ok {
		spec.ServiceAccountName = stringPtr(v)
	}
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
	for _, f := range resourceSpecNumbers {
		if f.ints != nil {
			attrs[f.name] = types.Int64PointerValue(*f.ints(spec))
		} else {
			attrs[f.name] = types.Float64PointerValue(*f.floats(spec))
		}
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

// createRequest builds the POST body from a plan. display_name is not part
// of it: the API ignores it on create, so Create sends a PATCH afterwards.
func (m deploymentResourceModel) createRequest(ctx context.Context) (*langsmith.DeploymentCreateRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	sc, d := m.sourceConfig(ctx)
	diags.Append(d...)
	src, d := m.sourceRevisionConfig(ctx)
	diags.Append(d...)
	secrets, d := m.envSecrets(ctx)
	diags.Append(d...)
	refs, d := m.secretReferences(ctx)
	diags.Append(d...)
	spec, d := resourceSpecFromObject(ctx, sc.ResourceSpec)
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	if spec == nil && m.Source.ValueString() == langsmith.SourceExternalDocker {
		// The API requires the object for external images; {} takes its defaults.
		spec = &langsmith.ResourceSpec{}
	}
	req := &langsmith.DeploymentCreateRequest{
		Name:   m.Name.ValueString(),
		Source: m.Source.ValueString(),
		SourceConfig: langsmith.SourceConfig{
			IntegrationID:  stringPtr(sc.IntegrationID),
			RepoURL:        stringPtr(sc.RepoURL),
			DeploymentType: stringPtr(sc.DeploymentType),
			BuildOnPush:    boolPtr(sc.BuildOnPush),
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
		Secrets:          secrets,
		SecretReferences: refs,
	}
	if req.Source == langsmith.SourceGithub && req.SourceConfig.BuildOnPush == nil {
		f := false
		req.SourceConfig.BuildOnPush = &f
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

// newDeploymentModel builds the state of a deployment from the API's answer.
// prior is the previous state or the plan (nil on import); it supplies what
// the API cannot tell: which variables are secret, the configured repo_ref
// (the API may answer with a resolved ref), a github image_uri (the API
// answers with the built image), create-only fields it does not echo, and
// Terraform-only settings (delete_tracing_project, timeouts).
func newDeploymentModel(ctx context.Context, d *langsmith.Deployment, prior *deploymentResourceModel) (deploymentResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	var priorSC sourceConfigModel
	var priorSRC sourceRevisionConfigModel
	if prior != nil {
		var dd diag.Diagnostics
		priorSC, dd = prior.sourceConfig(ctx)
		diags.Append(dd...)
		priorSRC, dd = prior.sourceRevisionConfig(ctx)
		diags.Append(dd...)
	}

	m := deploymentResourceModel{
		ID:                   types.StringValue(d.ID),
		Name:                 types.StringValue(d.Name),
		Source:               types.StringValue(d.Source),
		DisplayName:          types.StringPointerValue(d.DisplayName),
		TenantID:             types.StringPointerValue(d.TenantID),
		Status:               types.StringValue(d.Status),
		URL:                  types.StringPointerValue(firstNonNil(d.URL, d.SourceConfig.CustomURL)),
		CreatedAt:            timeValue(d.CreatedAt),
		UpdatedAt:            timeValue(d.UpdatedAt),
		LatestRevisionID:     types.StringPointerValue(d.LatestRevisionID),
		ActiveRevisionID:     types.StringPointerValue(d.ActiveRevisionID),
		LatestRevisionStatus: types.StringNull(),
		ImageVersion:         types.StringPointerValue(d.ImageVersion),
		TracerSessionID:      types.StringPointerValue(d.TracerSessionID),
		DeleteTracingProject: types.BoolValue(false),
		Timeouts:             timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)},
		SecretsWO:            types.MapNull(types.StringType),
		SecretsWOVersion:     types.Int64Null(),
		EnvironmentHash:      types.StringValue(environmentHash(d.ID, d.Secrets)),
	}
	if prior != nil {
		m.woNames = prior.woNames
		m.SecretsWOVersion = prior.SecretsWOVersion
		if m.SecretsWOVersion.IsUnknown() {
			m.SecretsWOVersion = types.Int64Null()
		}
		if len(d.Secrets) == 0 {
			// The server sent no variables: it does not return them, so
			// the hash is that of what was last sent.
			if !prior.EnvironmentHash.IsNull() && !prior.EnvironmentHash.IsUnknown() {
				m.EnvironmentHash = prior.EnvironmentHash
			} else if vars, dd := prior.envSecrets(ctx); !dd.HasError() && len(vars) > 0 {
				m.EnvironmentHash = types.StringValue(environmentHash(d.ID, vars))
			}
		}
		m.DeleteTracingProject = prior.DeleteTracingProject
		m.Timeouts = prior.Timeouts
		m.LatestRevisionStatus = prior.LatestRevisionStatus
		if m.DeleteTracingProject.IsNull() || m.DeleteTracingProject.IsUnknown() {
			m.DeleteTracingProject = types.BoolValue(false)
		}
		if m.LatestRevisionStatus.IsUnknown() {
			m.LatestRevisionStatus = types.StringNull()
		}
		// Older servers have no display_name: keep what was configured.
		if d.DisplayName == nil && !prior.DisplayName.IsUnknown() {
			m.DisplayName = prior.DisplayName
		}
	}

	// source_config: create-only fields keep their configured spelling (the
	// API cannot have changed them); the rest is read from the API.
	sc := d.SourceConfig
	spec := resourceSpecObject(sc.ResourceSpec)
	if sc.ResourceSpec == nil && !priorSC.ResourceSpec.IsUnknown() && !priorSC.ResourceSpec.IsNull() {
		spec = priorSC.ResourceSpec
	}
	scAttrs := map[string]attr.Value{
		"integration_id":  createOnly(priorSC.IntegrationID, sc.IntegrationID),
		"repo_url":        createOnly(priorSC.RepoURL, sc.RepoURL),
		"deployment_type": createOnly(priorSC.DeploymentType, sc.DeploymentType),
		"build_on_push":   boolOrPrior(sc.BuildOnPush, priorSC.BuildOnPush),
		"custom_url":      stringOrPrior(sc.CustomURL, priorSC.CustomURL),
		"resource_spec":   spec,
		"listener_id":     createOnly(priorSC.ListenerID, sc.ListenerID),
		"listener_config": listenerConfigValue(sc.ListenerConfig, priorSC.ListenerConfig),
		"install_command": stringOrPrior(sc.InstallCommand, priorSC.InstallCommand),
		"build_command":   stringOrPrior(sc.BuildCommand, priorSC.BuildCommand),
		"template_id":     createOnly(priorSC.TemplateID, sc.TemplateID),
	}
	obj, dd := types.ObjectValue(sourceConfigAttrTypes(), scAttrs)
	diags.Append(dd...)
	m.SourceConfig = obj

	src := d.SourceRevisionConfig
	repoRef := createOnly(priorSRC.RepoRef, firstNonNil(sc.RepoBranch, src.RepoRef))
	imageURI := stringOrPrior(src.ImageURI, priorSRC.ImageURI)
	if d.Source == langsmith.SourceGithub {
		// For github the API reports the image it built, which is not an input.
		imageURI = known(priorSRC.ImageURI)
	}
	srcAttrs := map[string]attr.Value{
		"repo_ref":              repoRef,
		"langgraph_config_path": stringOrPrior(src.LanggraphConfigPath, priorSRC.LanggraphConfigPath),
		"image_uri":             imageURI,
	}
	obj, dd = types.ObjectValue(sourceRevisionConfigAttrTypes(), srcAttrs)
	diags.Append(dd...)
	m.SourceRevisionConfig = obj
	m.RepoBranch = types.StringPointerValue(sc.RepoBranch)
	m.RepoCommitSHA = types.StringPointerValue(src.RepoCommitSHA)

	env, sec, dd := splitVariables(ctx, d.Secrets, prior)
	diags.Append(dd...)
	m.EnvironmentVariables, m.Secrets = env, sec

	m.SecretReferences = secretReferencesValue(d.SecretReferences, prior)
	return m, diags
}

var timeoutsAttrTypes = map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType}

// splitVariables sorts the API's variables back into environment_variables
// and secrets by where each name was before. A variable Terraform has not
// seen (import, or added in the UI) goes to secrets, so a value never shows
// up in plain text. When the API returns no variables while state has some,
// the server is taken not to return them, and state is kept.
func splitVariables(ctx context.Context, vars []langsmith.Secret, prior *deploymentResourceModel) (types.Map, types.Map, diag.Diagnostics) {
	var diags diag.Diagnostics
	var priorEnv, priorSec map[string]string
	envNull, secNull := true, true
	if prior != nil {
		var d diag.Diagnostics
		priorEnv, d = stringMap(ctx, prior.EnvironmentVariables)
		diags.Append(d...)
		priorSec, d = stringMap(ctx, prior.Secrets)
		diags.Append(d...)
		envNull = prior.EnvironmentVariables.IsNull() || prior.EnvironmentVariables.IsUnknown()
		secNull = prior.Secrets.IsNull() || prior.Secrets.IsUnknown()
		if len(vars) == 0 && len(priorEnv)+len(priorSec) > 0 {
			return prior.EnvironmentVariables, prior.Secrets, diags
		}
	}
	env := map[string]attr.Value{}
	sec := map[string]attr.Value{}
	for _, v := range vars {
		if prior != nil && prior.woNames[v.Name] {
			continue // set through secrets_wo: never stored
		}
		if _, ok := priorEnv[v.Name]; ok {
			env[v.Name] = types.StringValue(v.Value)
		} else {
			sec[v.Name] = types.StringValue(v.Value)
		}
	}
	envVal := types.MapValueMust(types.StringType, env)
	secVal := types.MapValueMust(types.StringType, sec)
	// An attribute that was not set stays null rather than becoming {}.
	if len(env) == 0 && envNull {
		envVal = types.MapNull(types.StringType)
	}
	if len(sec) == 0 && secNull {
		secVal = types.MapNull(types.StringType)
	}
	return envVal, secVal, diags
}

// environmentHash fingerprints a deployment's variables, names and values,
// salted with its ID. It lets a plan notice variables changed outside
// Terraform, secrets_wo ones included, without storing their values.
func environmentHash(deploymentID string, vars []langsmith.Secret) string {
	sorted := append([]langsmith.Secret(nil), vars...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	h := sha256.New()
	fmt.Fprintf(h, "langsmith-environment-v1\x00%s\x00", deploymentID)
	for _, v := range sorted {
		fmt.Fprintf(h, "%d:%s%d:%s", len(v.Name), v.Name, len(v.Value), v.Value)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func secretReferencesValue(refs []langsmith.SecretReference, prior *deploymentResourceModel) types.List {
	elemType := types.ObjectType{AttrTypes: secretReferenceAttrTypes()}
	if len(refs) == 0 {
		// null and [] mean the same to the API; keep whichever was configured.
		if prior != nil && !prior.SecretReferences.IsUnknown() && !prior.SecretReferences.IsNull() && len(prior.SecretReferences.Elements()) == 0 {
			return prior.SecretReferences
		}
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

func listenerConfigValue(api *langsmith.ListenerConfig, prior types.Object) types.Object {
	// The API does not echo listener_config reliably; it is create-only, so
	// the configured value stands when there is one.
	if !prior.IsNull() && !prior.IsUnknown() {
		return prior
	}
	if api == nil || api.K8sNamespace == nil {
		return types.ObjectNull(listenerConfigAttrTypes())
	}
	return types.ObjectValueMust(listenerConfigAttrTypes(), map[string]attr.Value{"k8s_namespace": types.StringPointerValue(api.K8sNamespace)})
}

// createOnly keeps the prior value of an immutable field when there is one.
func createOnly(prior types.String, api *string) types.String {
	if !prior.IsNull() && !prior.IsUnknown() {
		return prior
	}
	return types.StringPointerValue(api)
}

// stringOrPrior reads a field from the API, keeping the prior value when the
// API sends null (older servers, or fields not echoed).
func stringOrPrior(api *string, prior types.String) types.String {
	if api != nil {
		return types.StringValue(*api)
	}
	return known(prior)
}

func boolOrPrior(api *bool, prior types.Bool) types.Bool {
	if api != nil {
		return types.BoolValue(*api)
	}
	if prior.IsUnknown() {
		return types.BoolNull()
	}
	return prior
}

// known turns an unknown value into null.
func known(v types.String) types.String {
	if v.IsUnknown() {
		return types.StringNull()
	}
	return v
}

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
