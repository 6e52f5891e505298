// Command officialstandin is a test-only stand-in for the official LangSmith
// provider (registry.terraform.io/langchain-ai/langsmith): a
// langsmith_deployment with the official resource's attribute names and
// types, which writes state without calling any API. The move test
// (deployment_move_state_test.go) installs it through dev_overrides, applies
// with it, and then moves its state to this repository's provider.
//
// The deployment's ID comes from the environment variable
// STANDIN_DEPLOYMENT_IDS, a JSON object from deployment name to ID, so the
// state describes a deployment that exists on the mock. Computed values the
// official provider would read from the API are filled with what it would
// store (a github deployment's serving URL in source_config.custom_url,
// deployment_type "prod"); the rest stay null.
//
// It lives under testdata so that `go build ./...` and releases never include
// it.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return standin{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/langchain-ai/langsmith"})
	if err != nil {
		log.Fatal(err)
	}
}

type standin struct{}

func (standin) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "langsmith"
}

func (standin) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	opt := func() pschema.StringAttribute { return pschema.StringAttribute{Optional: true} }
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"api_key": pschema.StringAttribute{Optional: true, Sensitive: true}, "api_url": opt(),
		"workspace_id": opt(), "profile": opt(),
	}}
}

func (standin) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (standin) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return deployment{} }}
}

func (standin) DataSources(context.Context) []func() datasource.DataSource { return nil }

type deployment struct{}

func (deployment) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment"
}

// Schema has the attribute names and types of the official
// langsmith_deployment (the union of its releases' attributes).
func (deployment) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	str := func() schema.StringAttribute { return schema.StringAttribute{Optional: true} }
	server := func() schema.StringAttribute { return schema.StringAttribute{Optional: true, Computed: true} }
	computed := func() schema.StringAttribute { return schema.StringAttribute{Computed: true} }
	strMap := func() schema.MapAttribute { return schema.MapAttribute{Optional: true, ElementType: types.StringType} }
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":           computed(),
		"name":         schema.StringAttribute{Required: true},
		"source":       schema.StringAttribute{Required: true},
		"display_name": server(),
		"source_config": schema.SingleNestedAttribute{Required: true, Attributes: map[string]schema.Attribute{
			"integration_id":  server(),
			"repo_url":        server(),
			"deployment_type": server(),
			"build_on_push":   schema.BoolAttribute{Optional: true, Computed: true},
			"custom_url":      server(),
			"listener_id":     server(),
			"listener_config": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{"k8s_namespace": str()}},
			"install_command": str(),
			"build_command":   str(),
			"template_id":     server(),
			"resource_spec": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
				"min_scale":            schema.Int64Attribute{Optional: true},
				"max_scale":            schema.Int64Attribute{Optional: true},
				"cpu":                  schema.Float64Attribute{Optional: true},
				"cpu_limit":            schema.Float64Attribute{Optional: true},
				"memory_mb":            schema.Int64Attribute{Optional: true},
				"memory_limit_mb":      schema.Int64Attribute{Optional: true},
				"labels":               strMap(),
				"annotations":          strMap(),
				"service_account_name": str(),
			}},
		}},
		"source_revision_config": schema.SingleNestedAttribute{Required: true, Attributes: map[string]schema.Attribute{
			"repo_ref": str(), "langgraph_config_path": str(), "image_uri": str(), "source_tarball_path": str(),
		}},
		"environment_variables": strMap(),
		"secrets":               schema.MapAttribute{Optional: true, Sensitive: true, WriteOnly: true, ElementType: types.StringType},
		"secrets_version":       str(),
		"secrets_hash":          schema.StringAttribute{Computed: true, Sensitive: true},
		"secret_references": schema.ListNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"name":        schema.StringAttribute{Required: true},
				"secret_name": schema.StringAttribute{Required: true},
				"secret_key":  schema.StringAttribute{Required: true},
			},
		}},
		"shareable":                      schema.BoolAttribute{Optional: true},
		"route_through_gateway":          schema.BoolAttribute{Optional: true},
		"tenant_id":                      computed(),
		"created_at":                     computed(),
		"updated_at":                     computed(),
		"status":                         computed(),
		"latest_revision_id":             computed(),
		"active_revision_id":             computed(),
		"latest_revision_status":         computed(),
		"latest_revision_status_message": computed(),
		"tracer_session_id":              computed(),
		"url":                            computed(),
	}}
}

func (deployment) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var name, source string
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("name"), &name)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("source"), &source)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ids map[string]string
	if err := json.Unmarshal([]byte(os.Getenv("STANDIN_DEPLOYMENT_IDS")), &ids); err != nil || ids[name] == "" {
		resp.Diagnostics.AddError("No ID for the stand-in deployment",
			fmt.Sprintf("STANDIN_DEPLOYMENT_IDS (%q) names no ID for %q", os.Getenv("STANDIN_DEPLOYMENT_IDS"), name))
		return
	}
	known := map[string]tftypes.Value{
		"id":                            tftypes.NewValue(tftypes.String, ids[name]),
		"status":                        tftypes.NewValue(tftypes.String, "READY"),
		"latest_revision_status":        tftypes.NewValue(tftypes.String, "DEPLOYED"),
		"source_config.deployment_type": tftypes.NewValue(tftypes.String, "prod"),
	}
	if source == "github" {
		known["source_config.build_on_push"] = tftypes.NewValue(tftypes.Bool, false)
		known["source_config.custom_url"] = tftypes.NewValue(tftypes.String, "https://"+name+"-0a1b2c.us.langgraph.app")
		known["url"] = known["source_config.custom_url"]
	}
	raw, err := tftypes.Transform(req.Plan.Raw, fillUnknown(known))
	if err != nil {
		resp.Diagnostics.AddError("Stand-in state", err.Error())
		return
	}
	resp.State.Raw = raw
}

func (deployment) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (deployment) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	raw, err := tftypes.Transform(req.Plan.Raw, fillUnknown(nil))
	if err != nil {
		resp.Diagnostics.AddError("Stand-in state", err.Error())
		return
	}
	resp.State.Raw = raw
}

func (deployment) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// fillUnknown replaces each unknown value with the one known names for its
// path ("source_config.custom_url"), else with null.
func fillUnknown(known map[string]tftypes.Value) func(*tftypes.AttributePath, tftypes.Value) (tftypes.Value, error) {
	return func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		key := ""
		for i, step := range p.Steps() {
			name, ok := step.(tftypes.AttributeName)
			if !ok {
				return tftypes.NewValue(v.Type(), nil), nil
			}
			if i > 0 {
				key += "."
			}
			key += string(name)
		}
		if k, ok := known[key]; ok {
			return k, nil
		}
		return tftypes.NewValue(v.Type(), nil), nil
	}
}
