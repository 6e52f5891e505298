package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// TestQueryAndActionSchemas_described extends the description check of
// schema_test.go to what Terraform 1.12 to 1.14 added: every list resource
// (named as the resource it lists), its config attributes, the action and
// its attributes, and every identity attribute have a description.
func TestQueryAndActionSchemas_described(t *testing.T) {
	ctx := context.Background()
	p, ok := New("test")().(*langsmithProvider)
	if !ok {
		t.Fatal("New does not return *langsmithProvider")
	}
	resources := map[string]resource.Resource{}
	for _, f := range p.Resources(ctx) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "langsmith"}, &md)
		resources[md.TypeName] = r
	}
	blank := func(s ...string) bool { return strings.TrimSpace(strings.Join(s, "")) == "" }

	for _, f := range p.ListResources(ctx) {
		l := f()
		var md resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "langsmith"}, &md)
		r, ok := resources[md.TypeName]
		if !ok {
			t.Errorf("list resource %s lists no resource of the provider", md.TypeName)
			continue
		}
		if _, ok := r.(resource.ResourceWithIdentity); !ok {
			t.Errorf("list resource %s: the resource has no identity", md.TypeName)
		}
		var resp list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &resp)
		if blank(resp.Schema.MarkdownDescription) {
			t.Errorf("list resource %s has no description", md.TypeName)
		}
		for name, a := range resp.Schema.Attributes {
			if blank(a.GetMarkdownDescription(), a.GetDescription()) {
				t.Errorf("list resource %s: %s has no description", md.TypeName, name)
			}
		}
	}

	for _, f := range p.Actions(ctx) {
		a := f()
		var md action.MetadataResponse
		a.Metadata(ctx, action.MetadataRequest{ProviderTypeName: "langsmith"}, &md)
		var resp action.SchemaResponse
		a.Schema(ctx, action.SchemaRequest{}, &resp)
		if blank(resp.Schema.MarkdownDescription) {
			t.Errorf("action %s has no description", md.TypeName)
		}
		for name, attr := range resp.Schema.Attributes {
			if blank(attr.GetMarkdownDescription(), attr.GetDescription()) {
				t.Errorf("action %s: %s has no description", md.TypeName, name)
			}
		}
	}

	for name, r := range resources {
		ri, ok := r.(resource.ResourceWithIdentity)
		if !ok {
			continue
		}
		var resp resource.IdentitySchemaResponse
		ri.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &resp)
		for attr, a := range resp.IdentitySchema.Attributes {
			if blank(a.GetDescription()) {
				t.Errorf("identity of %s: %s has no description", name, attr)
			}
		}
	}
}
