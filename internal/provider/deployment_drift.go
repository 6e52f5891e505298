package provider

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// The drift rule of source_revision_config (repo_ref, langgraph_config_path,
// image_uri), the same for every source:
//
// A deployment's own response describes its latest revision (§4.1), so a
// refresh sees, at no extra cost, what the latest revision runs. The API may
// report it in its own spelling (a resolved ref such as refs/heads/main for
// "main", a normalised image), so what it reported right after Terraform's
// own apply is recorded in private state. A refresh that finds the same
// report keeps the configured values; one that finds a different report (a
// rollback through langsmith_deployment_redeploy, a redeploy or change in the
// UI) puts the API's values in state, so the next plan shows the difference
// and an apply rolls the configuration out again: no apply undoes a rollback
// without the plan saying so. To keep a rollback, set the configuration to
// the rolled-back values or ignore_changes = [source_revision_config].
//
// One exception: with build_on_push, a push to the tracked branch builds a
// new revision of the same configuration, which some servers report with a
// resolved commit; a report whose tracked branch is still the configured
// repo_ref is not drift.

// privateObservedRevision is the private-state key of the last report.
const privateObservedRevision = "observed_source_revision_config"

// observedRevisionConfig is source_revision_config as the API reported it.
type observedRevisionConfig struct {
	RepoRef             *string `json:"repo_ref"`
	LanggraphConfigPath *string `json:"langgraph_config_path"`
	ImageURI            *string `json:"image_uri"`
}

func observedFrom(d *langsmith.Deployment) observedRevisionConfig {
	src := d.SourceRevisionConfig
	return observedRevisionConfig{RepoRef: src.RepoRef, LanggraphConfigPath: src.LanggraphConfigPath, ImageURI: src.ImageURI}
}

func loadObserved(ctx context.Context, p privateGetter) (*observedRevisionConfig, diag.Diagnostics) {
	if p == nil {
		return nil, nil
	}
	raw, diags := p.GetKey(ctx, privateObservedRevision)
	if len(raw) == 0 || diags.HasError() {
		return nil, diags
	}
	var o observedRevisionConfig
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, diags // unreadable: treated as state written before this rule
	}
	return &o, diags
}

func saveObserved(ctx context.Context, p privateSetter, d *langsmith.Deployment) diag.Diagnostics {
	raw, _ := json.Marshal(observedFrom(d))
	return p.SetKey(ctx, privateObservedRevision, raw)
}

// revisionField is one field of source_revision_config.
type revisionField struct {
	name   string
	api    func(*langsmith.SourceRevisionConfig) *string
	report func(*observedRevisionConfig) *string
}

var revisionFields = []revisionField{
	{"repo_ref", func(s *langsmith.SourceRevisionConfig) *string { return s.RepoRef }, func(o *observedRevisionConfig) *string { return o.RepoRef }},
	{"langgraph_config_path", func(s *langsmith.SourceRevisionConfig) *string { return s.LanggraphConfigPath }, func(o *observedRevisionConfig) *string { return o.LanggraphConfigPath }},
	{"image_uri", func(s *langsmith.SourceRevisionConfig) *string { return s.ImageURI }, func(o *observedRevisionConfig) *string { return o.ImageURI }},
}

// displayRef is a ref in the spelling a configuration uses: branches by name.
func displayRef(ref string) string { return strings.TrimPrefix(ref, "refs/heads/") }

// revisionConfigState returns source_revision_config for state. prior is the
// plan (after an apply) or the previous state (on refresh; null on import).
// refresh applies the drift rule against observed, the report recorded last
// (nil for state written before the rule: today's report is the baseline).
func revisionConfigState(d *langsmith.Deployment, prior types.Object, observed *observedRevisionConfig, refresh, buildOnPush bool) types.Object {
	priorAttrs := attrsOf(prior)
	attrs := make(map[string]attr.Value, len(revisionFields))
	for _, f := range revisionFields {
		row := deploymentPolicy.row("source_revision_config." + f.name)
		raw := f.api(&d.SourceRevisionConfig)
		if !row.appliesTo(d.Source) {
			// A github revision reports the image it built, which is not
			// an input; other sources have no ref or config path.
			attrs[f.name] = types.StringNull()
			continue
		}
		apiValue := types.StringPointerValue(raw)
		if f.name == "repo_ref" {
			switch {
			case raw != nil:
				apiValue = types.StringValue(displayRef(*raw))
			case d.SourceConfig.RepoBranch != nil:
				apiValue = types.StringValue(*d.SourceConfig.RepoBranch)
			}
		}
		p, _ := priorAttrs[f.name].(types.String)
		if priorAttrs == nil || p.IsUnknown() || p.IsNull() {
			attrs[f.name] = apiValue
			continue
		}
		keep := !refresh || observed == nil || equalStringPtr(raw, f.report(observed)) || raw == nil
		if !keep && f.name == "repo_ref" && buildOnPush && d.SourceConfig.RepoBranch != nil && *d.SourceConfig.RepoBranch == displayRef(p.ValueString()) {
			keep = true // a push build of the tracked branch
		}
		if keep {
			attrs[f.name] = p
		} else {
			attrs[f.name] = apiValue
		}
	}
	return types.ObjectValueMust(sourceRevisionConfigAttrTypes(), attrs)
}

func equalStringPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
