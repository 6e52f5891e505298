package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// Name rules the API enforces (contract §4.1): lowercase letters, digits and
// dashes, starting with a letter; at most 63 characters (a DNS label).
var deploymentNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

const deploymentNameMaxLength = 63

// dedicatedTiers are the tiers a database tier takes (§3.4).
var dedicatedTiers = []string{langsmith.TierDedicatedS, langsmith.TierDedicatedM, langsmith.TierDedicatedL}

// quotedList is items as `a`, `b` or `c`.
func quotedList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = "`" + s + "`"
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

var deploymentTypes = []string{"dev_free", "dev", "prod", "dev_zero", "dev_free_zero"}

func resourceSpecAttrTypes() map[string]attr.Type {
	t := map[string]attr.Type{
		"labels":               types.MapType{ElemType: types.StringType},
		"annotations":          types.MapType{ElemType: types.StringType},
		"service_account_name": types.StringType,
	}
	for _, f := range resourceSpecFields {
		if f.ints != nil {
			t[f.name] = types.Int64Type
		} else {
			t[f.name] = types.Float64Type
		}
	}
	addKubeAttrTypes(t)
	return t
}

func listenerConfigAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{"k8s_namespace": types.StringType}
}

func sourceConfigAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"integration_id":  types.StringType,
		"repo_url":        types.StringType,
		"deployment_type": types.StringType,
		"build_on_push":   types.BoolType,
		"custom_url":      types.StringType,
		"resource_spec":   types.ObjectType{AttrTypes: resourceSpecAttrTypes()},
		"listener_id":     types.StringType,
		"listener_config": types.ObjectType{AttrTypes: listenerConfigAttrTypes()},
		"install_command": types.StringType,
		"build_command":   types.StringType,
		"template_id":     types.StringType,
	}
}

func sourceRevisionConfigAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"repo_ref":              types.StringType,
		"langgraph_config_path": types.StringType,
		"image_uri":             types.StringType,
	}
}

func secretReferenceAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{"name": types.StringType, "secret_name": types.StringType, "secret_key": types.StringType}
}

func resourceSpecSchema() schema.SingleNestedAttribute {
	attrs := map[string]schema.Attribute{
		"labels": schema.MapAttribute{
			MarkdownDescription: "Kubernetes labels added to the deployment's pods. Changing them rolls out a new revision; `{}` removes them all; when left out, the API's labels are kept.",
			ElementType:         types.StringType, Optional: true, Computed: true,
		},
		"annotations": schema.MapAttribute{
			MarkdownDescription: "Kubernetes annotations added to the deployment's pods. Changing them rolls out a new revision; `{}` removes them all; when left out, the API's annotations are kept.",
			ElementType:         types.StringType, Optional: true, Computed: true,
		},
		"service_account_name": schema.StringAttribute{
			MarkdownDescription: "Kubernetes service account the pods run as; it must already exist in the namespace. Changing it rolls out a new revision; when left out, the API's value is kept.",
			Optional:            true, Computed: true,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
	}
	for _, f := range resourceSpecFields {
		desc := f.desc + " Changing it rolls out a new revision; when left out, the API's value is kept" +
			map[bool]string{true: " (or derived again when its inputs change).", false: "."}[len(f.derive) > 0]
		if f.ints != nil {
			attrs[f.name] = schema.Int64Attribute{
				MarkdownDescription: desc, Optional: true, Computed: true,
				Validators: []validator.Int64{int64validator.AtLeast(int64(f.min))},
			}
		} else {
			attrs[f.name] = schema.Float64Attribute{
				MarkdownDescription: desc, Optional: true, Computed: true,
				Validators: []validator.Float64{float64validator.AtLeast(f.min)},
			}
		}
	}
	addKubeResourceSchema(attrs)
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Compute resources of the deployment (self-hosted and hybrid `external_docker` deployments, and " +
			"Cloud deployments that accept them), and the Kubernetes settings of its pods (private registries, volumes, init " +
			"containers, sidecars). Only the fields you set are managed: fields you leave out keep the API's current value " +
			"(limits and queue settings the API derives from other fields follow them), and fields this provider does not " +
			"model survive every change. Any change rolls out a new revision.",
		Optional:   true,
		Computed:   true,
		Attributes: attrs,
	}
}

func (r *deploymentResource) schema(ctx context.Context) schema.Schema {
	return schema.Schema{
		// Version 1 renamed tenant_id to workspace_id (deploymentStateUpgraders).
		Version: 1,
		MarkdownDescription: "A LangSmith Deployment (Agent Server). `terraform apply` creates it and waits until its revision " +
			"is `DEPLOYED`; changes go in place or roll out a new revision as the API dictates; `terraform destroy` deletes " +
			"it and waits until the API has removed it (a deployment that is already gone counts as deleted).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Deployment ID (UUID).",
				Computed:            true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Deployment name: lowercase letters, digits and dashes, starting with a letter, at most 63 " +
					"characters. A tracing project of the same name is created with it. Changing it replaces the deployment.",
				Required: true,
				Validators: []validator.String{
					stringvalidator.LengthAtMost(deploymentNameMaxLength),
					stringvalidator.RegexMatches(deploymentNamePattern, "must contain only lowercase letters, digits and dashes, "+
						"and start with a letter (for example \"support-agent\")"),
				},
			},
			"source": schema.StringAttribute{
				MarkdownDescription: "Where the code comes from: `github` (Cloud, built from a repository), `external_docker` " +
					"(self-hosted or hybrid, a prebuilt image) or `internal_template`. `internal_docker` and `internal_source` " +
					"deployments are made with the `langgraph deploy` CLI and cannot be managed here. Changing it replaces the deployment.",
				Required:   true,
				Validators: []validator.String{sourceValidator{}},
			},
			"display_name": schema.StringAttribute{
				MarkdownDescription: "Human-friendly name shown in the UI. Set with a PATCH after create and changed in place; " +
					"the API cannot clear it, so removing it from the configuration keeps the current value.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"source_config": schema.SingleNestedAttribute{
				MarkdownDescription: "Source configuration. Which fields apply depends on `source`.",
				Required:            true,
				Attributes: map[string]schema.Attribute{
					"integration_id": schema.StringAttribute{
						MarkdownDescription: "GitHub integration ID (UUID; see the `langsmith_github_integrations` data source). Required for `github`. Changing it replaces the deployment.",
						Optional:            true,
						Validators:          []validator.String{uuidValidator()},
					},
					"repo_url": schema.StringAttribute{
						MarkdownDescription: "GitHub repository URL, an `https://` URL such as `https://github.com/acme/support-agent`. Required for `github`. Changing it replaces the deployment.",
						Optional:            true,
						Validators:          []validator.String{repoURLValidator()},
					},
					"deployment_type": schema.StringAttribute{
						MarkdownDescription: "One of `dev_free`, `dev`, `prod`, `dev_zero`, `dev_free_zero` (the `*_zero` types scale to zero). The API defaults it to `prod`. Changing it replaces the deployment; leaving it out keeps the current type.",
						Optional:            true,
						Computed:            true,
						Validators:          []validator.String{stringvalidator.OneOf(deploymentTypes...)},
					},
					"build_on_push": schema.BoolAttribute{
						MarkdownDescription: "For `github`: rebuild when the tracked branch is pushed. Must be false when `repo_ref` is a tag. Changed in place; defaults to `false`, so removing it turns it off. Null for other sources.",
						Optional:            true,
						Computed:            true,
					},
					"custom_url": schema.StringAttribute{
						MarkdownDescription: "For `external_docker`: the URL the deployment is served at, changed in place. The API cannot clear it, so removing it from the configuration keeps the current value. Other sources cannot set it: the API assigns their serving URL, which is the `url` attribute (this one stays null).",
						Optional:            true,
						Computed:            true,
						Validators:          []validator.String{urlValidator()},
					},
					"resource_spec": resourceSpecSchema(),
					"listener_id": schema.StringAttribute{
						MarkdownDescription: "For `external_docker`: ID of the listener (see `langsmith_listener`) whose cluster runs the deployment. Changing it replaces the deployment.",
						Optional:            true,
						Validators:          []validator.String{uuidValidator()},
					},
					"listener_config": schema.SingleNestedAttribute{
						MarkdownDescription: "For `external_docker` with a listener: where in the cluster to deploy. Changing it replaces the deployment.",
						Optional:            true,
						Attributes: map[string]schema.Attribute{
							"k8s_namespace": schema.StringAttribute{
								MarkdownDescription: "Kubernetes namespace; must be one of the listener's `compute_config.k8s_namespaces`.",
								Optional:            true,
								Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
							},
						},
					},
					"install_command": schema.StringAttribute{
						MarkdownDescription: "For JavaScript apps on `github`: install command, run from the repository root. Changing it rolls out a new revision. The API cannot clear it, so removing it from the configuration keeps the current command.",
						Optional:            true,
						Computed:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"build_command": schema.StringAttribute{
						MarkdownDescription: "For JavaScript apps on `github`: build command, run from the `langgraph.json` directory. Changing it rolls out a new revision. The API cannot clear it, so removing it from the configuration keeps the current command.",
						Optional:            true,
						Computed:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"template_id": schema.StringAttribute{
						MarkdownDescription: "For `internal_template`: the template to deploy. Changing it replaces the deployment.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				},
			},
			"source_revision_config": schema.SingleNestedAttribute{
				MarkdownDescription: "What the revision runs. Any change rolls out a new revision. A refresh compares it with " +
					"what the deployment's latest revision runs: after a rollback or a change made in the UI the plan shows " +
					"the difference (an apply rolls the configuration out again); to keep a rollback, set these values to " +
					"the rolled-back ones or add `lifecycle { ignore_changes = [source_revision_config] }`.",
				Required: true,
				Attributes: map[string]schema.Attribute{
					"repo_ref": schema.StringAttribute{
						MarkdownDescription: "For `github`: a branch name (`main`) or a full tag ref (`refs/tags/v1.0.0`). When left out, the API uses the repository's default branch on create and keeps the current ref afterwards.",
						Optional:            true,
						Computed:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"langgraph_config_path": schema.StringAttribute{
						MarkdownDescription: "For `github`: path of `langgraph.json` in the repository. Required for `github`.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"image_uri": schema.StringAttribute{
						MarkdownDescription: "For `external_docker`: the image to run, such as `registry.example.com/agent@sha256:...`. Required for `external_docker`.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				},
			},
			"environment_variables": schema.MapAttribute{
				MarkdownDescription: "Plain environment variables of the deployment, shown in plans. Use `secrets` for sensitive " +
					"values; a name may not appear in both. Changing them rolls out a new revision. The API cannot remove the " +
					"last variable, so at least one of `environment_variables` and `secrets` must stay non-empty once set.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Map{mapvalidator.KeysAre(envNameValidator())},
			},
			"secrets": schema.MapAttribute{
				MarkdownDescription: "Sensitive environment variables of the deployment; values never appear in plans or logs " +
					"(they are in the state: encrypt it, or use `secrets_wo`). Changing them rolls out a new revision. When " +
					"left out, the deployment's other variables (those not in `environment_variables` or `secrets_wo`) are " +
					"kept as they are, and listed here; `{}` means none. On import every variable lands here, since the API " +
					"does not say which are secret.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Sensitive:   true,
				Validators:  []validator.Map{mapvalidator.KeysAre(envNameValidator())},
			},
			"secrets_wo": schema.MapAttribute{
				MarkdownDescription: "Sensitive environment variables that are never stored in the state or the plan " +
					"(write-only: Terraform 1.11 and newer, OpenTofu 1.11 and newer). The values are sent when the deployment " +
					"is created, when names are added or removed, and whenever `secrets_wo_version` changes. With the " +
					"provider's `secrets_wo_hash_key`, a value changed here or outside Terraform is also noticed (through " +
					"`environment_hash`) and rolled out; without it, bump `secrets_wo_version` to send changed values. Older " +
					"CLIs keep using `secrets`. A name may appear in only one of `environment_variables`, `secrets` and `secrets_wo`.",
				ElementType: types.StringType,
				Optional:    true,
				Sensitive:   true,
				WriteOnly:   true,
				Validators:  []validator.Map{mapvalidator.KeysAre(envNameValidator())},
			},
			"secrets_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Bump it to roll out the current `secrets_wo` values as a new revision, for example after " +
					"rotating a secret in your secret store.",
				Optional: true,
			},
			"environment_hash": schema.StringAttribute{
				MarkdownDescription: "Verifier of the deployment's `secrets_wo` values: an HMAC-SHA256 keyed by the provider's " +
					"`secrets_wo_hash_key`, as the API reports the values. A plan compares it with the configuration to " +
					"notice write-only values changed outside Terraform. Null without a hash key or without `secrets_wo`: " +
					"nothing is kept from which a write-only value could be checked.",
				Computed:  true,
				Sensitive: true,
			},
			"secret_references": schema.ListNestedAttribute{
				MarkdownDescription: "For `external_docker`: environment variables read from existing Kubernetes Secrets in the " +
					"deployment's namespace. Changing them rolls out a new revision; an empty list removes them.",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":        schema.StringAttribute{MarkdownDescription: "Environment variable name.", Required: true, Validators: []validator.String{envNameValidator()}},
					"secret_name": schema.StringAttribute{MarkdownDescription: "Name of the Kubernetes Secret.", Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
					"secret_key":  schema.StringAttribute{MarkdownDescription: "Key within the Kubernetes Secret.", Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
				}},
			},
			"delete_tracing_project": schema.BoolAttribute{
				MarkdownDescription: "Whether destroying the deployment also deletes its tracing project (traces are lost). " +
					"Defaults to `false`; while the tracing project is kept, its name cannot be used for a new deployment. " +
					"A replacement under the same name therefore needs `true` in state first: a plan that would replace the " +
					"deployment otherwise is refused. Changing it only affects destroy.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "UUID of the workspace the deployment lives in, sent as `X-Tenant-Id` with its requests. " +
					"Defaults to the provider's `workspace_id` (or the API key's workspace) at create; afterwards the " +
					"deployment stays in the workspace its state names, so changing the provider's `workspace_id` changes " +
					"nothing, while changing this attribute replaces the deployment. The API calls it `tenant_id`; " +
					"state written before 0.2.0 had it as `tenant_id`.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{uuidValidator()},
			},
			"deployment_tier": schema.StringAttribute{
				MarkdownDescription: "Fixed tier of the deployment: " + quotedList(langsmith.DeploymentTiers) + ". Serverless " +
					"deployments take `SERVERLESS_*` tiers and dedicated ones `DEDICATED_*` (which deployments are which, the " +
					"API decides: a mismatch is its error). Set after create through the API's tier endpoint; a change rolls " +
					"out a new revision. When left out, the API's tier is kept.",
				Optional: true, Computed: true,
				Validators: []validator.String{stringvalidator.OneOf(langsmith.DeploymentTiers...)},
			},
			"compute_tier": schema.StringAttribute{
				MarkdownDescription: "Compute tier, one of " + quotedList(langsmith.DeploymentTiers) + ", of the same family " +
					"as `deployment_tier`. When left out it follows `deployment_tier`. A change rolls out a new revision.",
				Optional: true, Computed: true,
				Validators: []validator.String{stringvalidator.OneOf(langsmith.DeploymentTiers...)},
			},
			"database_tier": schema.StringAttribute{
				MarkdownDescription: "Database tier, for dedicated deployments only: " + quotedList(dedicatedTiers) + ". When " +
					"left out it follows a dedicated `deployment_tier`. A change rolls out a new revision.",
				Optional: true, Computed: true,
				Validators: []validator.String{stringvalidator.OneOf(dedicatedTiers...)},
			},
			"shareable": schema.BoolAttribute{
				MarkdownDescription: "Whether the deployment can be shared with LangSmith users outside the organisation. Set " +
					"at create only (the API cannot change it afterwards), so changing it replaces the deployment. Defaults to " +
					"the API's `false`; when left out, the API's value is kept.",
				Optional: true, Computed: true,
			},
			"route_through_gateway": schema.BoolAttribute{
				MarkdownDescription: "Whether the deployment's OpenAI and Anthropic calls go through the LangSmith LLM gateway. " +
					"Changed in place; defaults to `false`, and removing it turns it off.",
				Optional: true, Computed: true,
			},
			"tracked_repo_ref": schema.StringAttribute{
				MarkdownDescription: "For `github`: the git ref the deployment tracks for `build_on_push`, changed in place " +
					"without a build. When left out it follows `source_revision_config.repo_ref` (the API reports it as " +
					"`repo_branch`).",
				Optional: true, Computed: true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"status":                 computedString("Deployment status: `AWAITING_DATABASE`, `READY`, `UNUSED`, `AWAITING_DELETE`, `AWAITING_FINAL_DELETE` or `UNKNOWN`. Known after apply when a revision rolls out."),
			"url":                    computedString("URL the deployment serves at, assigned when its first revision is deployed; it does not change afterwards."),
			"created_at":             computedString("Creation time (RFC 3339)."),
			"updated_at":             computedString("Last update time (RFC 3339)."),
			"latest_revision_id":     computedString("ID of the newest revision. Known after apply exactly when the plan rolls out a new revision."),
			"active_revision_id":     computedString("ID of the revision serving traffic."),
			"latest_revision_status": computedString("Status of the newest revision, such as `DEPLOYED` or `BUILD_FAILED`."),
			"image_version":          computedString("Agent Server image version the deployment runs."),
			"repo_branch": computedString("For `github`: the branch the deployment tracks (the API's " +
				"`source_config.repo_branch`). Kept at the top level: a read-only attribute inside `source_config` would stop " +
				"`terraform plan -generate-config-out` from producing valid HCL."),
			"repo_commit_sha": computedString("For `github`: the commit the latest revision was built from (the API's " +
				"`source_revision_config.repo_commit_sha`); null for other sources."),
			"tracer_session_id": computedString("ID of the deployment's tracing project."),
			"timeouts": describedTimeouts(ctx, "How long apply and destroy wait for the API, as durations such as `30m` or `1h`.", timeouts.Opts{
				Create:            true,
				Update:            true,
				Delete:            true,
				CreateDescription: "How long to wait for the first revision to be `DEPLOYED` (default `30m`).",
				UpdateDescription: "How long to wait for a new revision to be `DEPLOYED` (default `30m`).",
				DeleteDescription: "How long to wait for the API to finish deleting (default `30m`).",
			}),
		},
	}
}

// computedString is a computed-only attribute; how plans treat it is its row
// of the policy table.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

// repoURLValidator accepts an https URL with a host and a path, as GitHub
// repository URLs are.
func repoURLValidator() validator.String {
	return stringvalidator.RegexMatches(repoURLPattern, "must be an https:// URL of a repository, such as "+
		"https://github.com/acme/support-agent")
}

var repoURLPattern = regexp.MustCompile(`^https://[^/?#\s]+/[^?#\s]+$`)

var envNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func envNameValidator() validator.String {
	return stringvalidator.RegexMatches(envNamePattern, "must be a valid environment variable name: letters, digits and "+
		"underscores, not starting with a digit")
}

// sourceValidator accepts the sources the provider manages and explains the
// two the langgraph CLI owns.
type sourceValidator struct{}

func (sourceValidator) Description(context.Context) string {
	return "value must be one of github, external_docker, internal_template"
}

func (v sourceValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (sourceValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v := req.ConfigValue.ValueString()
	switch v {
	case langsmith.SourceGithub, langsmith.SourceExternalDocker, langsmith.SourceInternalTemplate:
	case langsmith.SourceInternalDocker, langsmith.SourceInternalSource:
		resp.Diagnostics.AddAttributeError(req.Path, "Unsupported deployment source",
			fmt.Sprintf("source %q deployments are built and uploaded by the langgraph CLI (`langgraph deploy`), which "+
				"pushes the image or source archive itself; Terraform cannot manage them. Deploy them with the `langgraph` "+
				"CLI, or use source \"github\" or \"external_docker\" here.", v))
	default:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid deployment source",
			fmt.Sprintf("source must be one of \"github\", \"external_docker\" or \"internal_template\", got %q.", v))
	}
}

// describedTimeouts is timeouts.Attributes with a description on the
// attribute itself, which the timeouts module leaves empty.
func describedTimeouts(ctx context.Context, desc string, opts timeouts.Opts) schema.Attribute {
	a := timeouts.Attributes(ctx, opts)
	if n, ok := a.(schema.SingleNestedAttribute); ok {
		n.MarkdownDescription = desc
		return n
	}
	return a
}
