package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// describedAttr is what every schema attribute offers for this check.
type describedAttr interface {
	GetMarkdownDescription() string
	GetDescription() string
}

// walk reports every attribute path, nested ones included, without a
// description.
func walk(prefix string, attrs map[string]describedAttr, missing *[]string) {
	for name, a := range attrs {
		p := prefix + name
		if strings.TrimSpace(a.GetMarkdownDescription()+a.GetDescription()) == "" {
			*missing = append(*missing, p)
		}
		for nestedName, nested := range nestedAttributes(a) {
			walk(p+".", map[string]describedAttr{nestedName: nested}, missing)
		}
	}
}

func nestedAttributes(a describedAttr) map[string]describedAttr {
	out := map[string]describedAttr{}
	add := func(m any) {
		switch attrs := m.(type) {
		case map[string]rschema.Attribute:
			for k, v := range attrs {
				out[k] = v
			}
		case map[string]dschema.Attribute:
			for k, v := range attrs {
				out[k] = v
			}
		case map[string]pschema.Attribute:
			for k, v := range attrs {
				out[k] = v
			}
		}
	}
	switch n := a.(type) {
	case rschema.SingleNestedAttribute:
		add(n.Attributes)
	case rschema.ListNestedAttribute:
		add(n.NestedObject.Attributes)
	case rschema.SetNestedAttribute:
		add(n.NestedObject.Attributes)
	case rschema.MapNestedAttribute:
		add(n.NestedObject.Attributes)
	case dschema.SingleNestedAttribute:
		add(n.Attributes)
	case dschema.ListNestedAttribute:
		add(n.NestedObject.Attributes)
	case dschema.SetNestedAttribute:
		add(n.NestedObject.Attributes)
	case dschema.MapNestedAttribute:
		add(n.NestedObject.Attributes)
	}
	return out
}

func toDescribed[T describedAttr](m map[string]T) map[string]describedAttr {
	out := make(map[string]describedAttr, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestSchemas_everyAttributeDescribed walks the provider, every resource and
// every data source, and fails on any schema or attribute without a
// MarkdownDescription.
func TestSchemas_everyAttributeDescribed(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	var missing []string

	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	walk("provider.", toDescribed(ps.Schema.Attributes), &missing)

	for _, f := range p.Resources(ctx) {
		r := f()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "langsmith"}, &meta)
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		if s.Schema.MarkdownDescription == "" {
			missing = append(missing, meta.TypeName)
		}
		walk(meta.TypeName+".", toDescribed(s.Schema.Attributes), &missing)
	}
	for _, f := range p.DataSources(ctx) {
		d := f()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "langsmith"}, &meta)
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		if s.Schema.MarkdownDescription == "" {
			missing = append(missing, "data."+meta.TypeName)
		}
		walk("data."+meta.TypeName+".", toDescribed(s.Schema.Attributes), &missing)
	}
	if len(missing) > 0 {
		t.Errorf("schemas without a description:\n  %s", strings.Join(missing, "\n  "))
	}
}

// TestSchemas_examplesForEveryType fails when a resource has no
// examples/resources/<type>/resource.tf, an importable one has no import.sh,
// or a data source has no examples/data-sources/<type>/data-source.tf:
// tfplugindocs builds the registry docs from them.
func TestSchemas_examplesForEveryType(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	root := filepath.Join("..", "..", "examples")
	var problems []string
	exists := func(parts ...string) bool {
		_, err := os.Stat(filepath.Join(append([]string{root}, parts...)...))
		return err == nil
	}
	for _, f := range p.Resources(ctx) {
		r := f()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "langsmith"}, &meta)
		if !exists("resources", meta.TypeName, "resource.tf") {
			problems = append(problems, "examples/resources/"+meta.TypeName+"/resource.tf")
		}
		if _, importable := r.(resource.ResourceWithImportState); importable && !exists("resources", meta.TypeName, "import.sh") {
			problems = append(problems, "examples/resources/"+meta.TypeName+"/import.sh")
		}
	}
	for _, f := range p.DataSources(ctx) {
		var meta datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "langsmith"}, &meta)
		if !exists("data-sources", meta.TypeName, "data-source.tf") {
			problems = append(problems, "examples/data-sources/"+meta.TypeName+"/data-source.tf")
		}
	}
	if !exists("provider", "provider.tf") {
		problems = append(problems, "examples/provider/provider.tf")
	}
	if len(problems) > 0 {
		t.Errorf("missing examples:\n  %s", strings.Join(problems, "\n  "))
	}
}
