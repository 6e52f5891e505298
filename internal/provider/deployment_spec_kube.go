package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The Kubernetes members of resource_spec (§4.4): image_pull_secrets,
// volumes, volume_mounts, init_containers and sidecars. Where Kubernetes
// fixes the shape (names, images, mount paths) they are typed nested
// attributes; where the API takes any Kubernetes object (a volume source, a
// securityContext, valueFrom, envFrom entries) they are JSON strings
// (jsontypes.Normalized: key order and whitespace never make a difference),
// because the framework allows no dynamic type inside a list-nested
// attribute. Terraform names are snake_case (mount_path), the API's are
// Kubernetes camelCase (mountPath): kubeAttr holds both, and the conversions
// here are the one place that translates. See DESIGN.md.

// kubeKind is the type of one attribute of a Kubernetes member.
type kubeKind int

const (
	kubeString    kubeKind = iota
	kubeBool               // a boolean
	kubeJSON               // a free-form Kubernetes object, as normalised JSON
	kubeStrings            // a list of strings
	kubeJSONList           // a list of free-form Kubernetes objects
	kubeStringMap          // a map of strings
	kubeObject             // a nested object (attrs)
	kubeList               // a list of nested objects (attrs)
)

// kubeAttr describes one attribute: its Terraform and API names, type,
// description and plan-time checks. The schema (resource and data source),
// the value types and both conversions are derived from it.
type kubeAttr struct {
	name, api, desc string
	kind            kubeKind
	required        bool
	validators      []validator.String // kubeString
	attrs           []kubeAttr         // kubeObject, kubeList
}

var (
	imagePullPolicies = []string{"Always", "IfNotPresent", "Never"}
	mountPropagations = []string{"None", "HostToContainer", "Bidirectional"}
	// containerRestartPolicies: Kubernetes accepts only Always as a
	// container's own restartPolicy (an init container that keeps running
	// as a sidecar).
	containerRestartPolicies = []string{"Always"}
)

// dnsLabelPattern is a Kubernetes DNS label (RFC 1123): the names of
// volumes and containers.
var dnsLabelPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// dnsSubdomainPattern is a Kubernetes DNS subdomain: the names of Secrets.
var dnsSubdomainPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$`)

func dnsLabelValidators() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(dnsLabelPattern, "must be a DNS label: at most 63 lowercase letters, "+
		"digits and dashes, starting and ending with a letter or digit (for example \"cache\")")}
}

func nonEmpty() []validator.String { return []validator.String{stringvalidator.LengthAtLeast(1)} }

// volumeSources are the members of a volume of which exactly one is set.
var volumeSources = []kubeAttr{
	{name: "config_map", api: "configMap", kind: kubeJSON, desc: "A ConfigMap whose keys become files (`ConfigMapVolumeSource`), such as `jsonencode({ name = \"agent-config\" })`."},
	{name: "secret", api: "secret", kind: kubeJSON, desc: "A Secret whose keys become files (`SecretVolumeSource`), such as `jsonencode({ secretName = \"agent-tls\" })`."},
	{name: "empty_dir", api: "emptyDir", kind: kubeJSON, desc: "A scratch directory that lives as long as the pod (`EmptyDirVolumeSource`): `jsonencode({})`, or `jsonencode({ medium = \"Memory\" })`."},
	{name: "persistent_volume_claim", api: "persistentVolumeClaim", kind: kubeJSON, desc: "A PersistentVolumeClaim in the namespace, such as `jsonencode({ claimName = \"agent-data\" })`."},
	{name: "nfs", api: "nfs", kind: kubeJSON, desc: "An NFS export, such as `jsonencode({ server = \"nfs.example.com\", path = \"/exports\" })`."},
	{name: "projected", api: "projected", kind: kubeJSON, desc: "Several sources projected into one directory (`ProjectedVolumeSource`)."},
	{name: "downward_api", api: "downwardAPI", kind: kubeJSON, desc: "Pod fields as files (`DownwardAPIVolumeSource`)."},
	{name: "csi", api: "csi", kind: kubeJSON, desc: "A volume of a CSI driver (`CSIVolumeSource`), such as `jsonencode({ driver = \"secrets-store.csi.k8s.io\" })`."},
}

var volumeMountAttrs = []kubeAttr{
	{name: "name", api: "name", required: true, validators: dnsLabelValidators(), desc: "Name of the volume to mount: one of `resource_spec.volumes`."},
	{name: "mount_path", api: "mountPath", required: true, validators: nonEmpty(), desc: "Path in the container at which the volume is mounted."},
	{name: "sub_path", api: "subPath", desc: "Path within the volume to mount instead of its root. Not together with `sub_path_expr`."},
	{name: "mount_propagation", api: "mountPropagation", validators: []validator.String{stringvalidator.OneOf(mountPropagations...)},
		desc: "How mounts propagate between host and container: `None`, `HostToContainer` or `Bidirectional`."},
	{name: "read_only", api: "readOnly", kind: kubeBool, desc: "Whether the volume is mounted read-only."},
	{name: "sub_path_expr", api: "subPathExpr", desc: "Like `sub_path`, with `$(VAR_NAME)` references to the container's environment expanded. Not together with `sub_path`."},
}

var containerAttrs = []kubeAttr{
	{name: "name", api: "name", required: true, validators: dnsLabelValidators(), desc: "Container name, a DNS label unique among the pod's containers."},
	{name: "image", api: "image", required: true, validators: nonEmpty(), desc: "Container image, such as `envoyproxy/envoy:v1.31.0`."},
	{name: "image_pull_policy", api: "imagePullPolicy", validators: []validator.String{stringvalidator.OneOf(imagePullPolicies...)},
		desc: "When to pull the image: `Always`, `IfNotPresent` or `Never`."},
	{name: "command", api: "command", kind: kubeStrings, desc: "Entrypoint, not run in a shell; the image's when left out."},
	{name: "args", api: "args", kind: kubeStrings, desc: "Arguments to the entrypoint."},
	{name: "working_dir", api: "workingDir", desc: "Working directory; the image's when left out."},
	{name: "env", api: "env", kind: kubeList, desc: "Environment variables of the container.", attrs: []kubeAttr{
		{name: "name", api: "name", required: true, validators: []validator.String{envNameValidator()}, desc: "Variable name."},
		{name: "value", api: "value", desc: "Variable value. Not together with `value_from`."},
		{name: "value_from", api: "valueFrom", kind: kubeJSON, desc: "Where the value comes from (`EnvVarSource`), such as " +
			"`jsonencode({ secretKeyRef = { name = \"db\", key = \"url\" } })`. Not together with `value`."},
	}},
	{name: "env_from", api: "envFrom", kind: kubeJSONList, desc: "Sources of environment variables (`EnvFromSource`), each a JSON object such as " +
		"`jsonencode({ configMapRef = { name = \"agent-env\" } })`."},
	{name: "resources", api: "resources", kind: kubeObject, desc: "Compute resources of the container, as Kubernetes quantities.", attrs: []kubeAttr{
		{name: "limits", api: "limits", kind: kubeStringMap, desc: "Limits, such as `{ cpu = \"500m\", memory = \"256Mi\" }`."},
		{name: "requests", api: "requests", kind: kubeStringMap, desc: "Requests, such as `{ cpu = \"100m\", memory = \"128Mi\" }`."},
	}},
	{name: "volume_mounts", api: "volumeMounts", kind: kubeList, desc: "Volumes (of `resource_spec.volumes`) mounted into the container.", attrs: volumeMountAttrs},
	{name: "security_context", api: "securityContext", kind: kubeJSON, desc: "Security options of the container (`SecurityContext`), such as `jsonencode({ runAsNonRoot = true })`."},
	{name: "restart_policy", api: "restartPolicy", validators: []validator.String{stringvalidator.OneOf(containerRestartPolicies...)},
		desc: "`Always` makes an init container a sidecar that keeps running beside the API server (the only value Kubernetes accepts here)."},
}

// kubeMembers are the Kubernetes members of resource_spec, in the API's
// names (which are snake_case at this level).
var kubeMembers = []kubeAttr{
	{name: "image_pull_secrets", api: "image_pull_secrets", kind: kubeList,
		desc: "Secrets in the deployment's namespace with credentials for private image registries.", attrs: []kubeAttr{
			{name: "name", api: "name", required: true, desc: "Name of the Secret (a DNS subdomain).", validators: []validator.String{
				stringvalidator.LengthAtMost(253),
				stringvalidator.RegexMatches(dnsSubdomainPattern, "must be a Kubernetes Secret name: lowercase letters, digits, dashes and dots, "+
					"starting and ending with a letter or digit (for example \"registry-credentials\")"),
			}},
		}},
	{name: "volumes", api: "volumes", kind: kubeList, desc: "Volumes of the deployment's pods, mounted with `volume_mounts`. Each has a " +
		"name and exactly one source; sources are Kubernetes objects written as JSON.",
		attrs: append([]kubeAttr{{name: "name", api: "name", required: true, validators: dnsLabelValidators(), desc: "Volume name, a DNS label unique within the pod."}}, volumeSources...)},
	{name: "volume_mounts", api: "volume_mounts", kind: kubeList, desc: "Volumes mounted into the API server container.", attrs: volumeMountAttrs},
	{name: "init_containers", api: "init_containers", kind: kubeList, desc: "Containers that run to completion, in order, before the API " +
		"server starts (or keep running beside it with `restart_policy = \"Always\"`).", attrs: containerAttrs},
	{name: "sidecars", api: "sidecars", kind: kubeList, desc: "Containers that run beside the API server in each pod.", attrs: containerAttrs},
}

// kubeMemberSuffix is what every member's description adds about plans.
const kubeMemberSuffix = " Changing it rolls out a new revision; `[]` removes them all; when left out, the API's value is kept. " +
	"JSON members compare by meaning, so key order and whitespace never show as a change."

// attrType is the attribute's value type.
func (a kubeAttr) attrType() attr.Type {
	switch a.kind {
	case kubeBool:
		return types.BoolType
	case kubeJSON:
		return jsontypes.NormalizedType{}
	case kubeStrings:
		return types.ListType{ElemType: types.StringType}
	case kubeJSONList:
		return types.ListType{ElemType: jsontypes.NormalizedType{}}
	case kubeStringMap:
		return types.MapType{ElemType: types.StringType}
	case kubeObject:
		return a.objectType()
	case kubeList:
		return types.ListType{ElemType: a.objectType()}
	}
	return types.StringType
}

func (a kubeAttr) objectType() types.ObjectType {
	t := make(map[string]attr.Type, len(a.attrs))
	for _, c := range a.attrs {
		t[c.name] = c.attrType()
	}
	return types.ObjectType{AttrTypes: t}
}

// addKubeAttrTypes adds the members' types to resource_spec's.
func addKubeAttrTypes(t map[string]attr.Type) {
	for _, a := range kubeMembers {
		t[a.name] = a.attrType()
	}
}

// addKubeResourceSchema adds the members to resource_spec's schema: each is
// Optional and Computed (left out, the API's value is kept); what is inside
// is Optional or Required only, so a plan is exactly the configuration.
func addKubeResourceSchema(attrs map[string]schema.Attribute) {
	for _, a := range kubeMembers {
		attrs[a.name] = schema.ListNestedAttribute{
			MarkdownDescription: a.desc + kubeMemberSuffix,
			Optional:            true,
			Computed:            true,
			NestedObject:        schema.NestedAttributeObject{Attributes: a.resourceAttributes()},
		}
	}
}

func (a kubeAttr) resourceAttributes() map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(a.attrs))
	for _, c := range a.attrs {
		out[c.name] = c.resourceAttribute()
	}
	return out
}

func (a kubeAttr) resourceAttribute() schema.Attribute {
	opt, req := !a.required, a.required
	switch a.kind {
	case kubeBool:
		return schema.BoolAttribute{MarkdownDescription: a.desc, Optional: opt, Required: req}
	case kubeJSON:
		return schema.StringAttribute{MarkdownDescription: a.desc + " A JSON object (use `jsonencode`).", Optional: opt, Required: req,
			CustomType: jsontypes.NormalizedType{}, Validators: []validator.String{jsonObjectValidator{}}}
	case kubeStrings:
		return schema.ListAttribute{MarkdownDescription: a.desc, Optional: opt, Required: req, ElementType: types.StringType}
	case kubeJSONList:
		return schema.ListAttribute{MarkdownDescription: a.desc, Optional: opt, Required: req, ElementType: jsontypes.NormalizedType{},
			Validators: []validator.List{listvalidator.ValueStringsAre(jsonObjectValidator{})}}
	case kubeStringMap:
		return schema.MapAttribute{MarkdownDescription: a.desc, Optional: opt, Required: req, ElementType: types.StringType}
	case kubeObject:
		return schema.SingleNestedAttribute{MarkdownDescription: a.desc, Optional: opt, Required: req, Attributes: a.resourceAttributes()}
	case kubeList:
		return schema.ListNestedAttribute{MarkdownDescription: a.desc, Optional: opt, Required: req,
			NestedObject: schema.NestedAttributeObject{Attributes: a.resourceAttributes()}}
	}
	return schema.StringAttribute{MarkdownDescription: a.desc, Optional: opt, Required: req, Validators: a.validators}
}

// addKubeDataSourceSchema adds the members, computed, to a data source's
// resource_spec.
func addKubeDataSourceSchema(attrs map[string]dsschema.Attribute) {
	for _, a := range kubeMembers {
		attrs[a.name] = dsschema.ListNestedAttribute{
			MarkdownDescription: a.desc + " Null when the deployment has none.",
			Computed:            true,
			NestedObject:        dsschema.NestedAttributeObject{Attributes: a.dataSourceAttributes()},
		}
	}
}

func (a kubeAttr) dataSourceAttributes() map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(a.attrs))
	for _, c := range a.attrs {
		out[c.name] = c.dataSourceAttribute()
	}
	return out
}

func (a kubeAttr) dataSourceAttribute() dsschema.Attribute {
	switch a.kind {
	case kubeBool:
		return dsschema.BoolAttribute{MarkdownDescription: a.desc, Computed: true}
	case kubeJSON:
		return dsschema.StringAttribute{MarkdownDescription: a.desc + " A JSON object.", Computed: true, CustomType: jsontypes.NormalizedType{}}
	case kubeStrings:
		return dsschema.ListAttribute{MarkdownDescription: a.desc, Computed: true, ElementType: types.StringType}
	case kubeJSONList:
		return dsschema.ListAttribute{MarkdownDescription: a.desc, Computed: true, ElementType: jsontypes.NormalizedType{}}
	case kubeStringMap:
		return dsschema.MapAttribute{MarkdownDescription: a.desc, Computed: true, ElementType: types.StringType}
	case kubeObject:
		return dsschema.SingleNestedAttribute{MarkdownDescription: a.desc, Computed: true, Attributes: a.dataSourceAttributes()}
	case kubeList:
		return dsschema.ListNestedAttribute{MarkdownDescription: a.desc, Computed: true,
			NestedObject: dsschema.NestedAttributeObject{Attributes: a.dataSourceAttributes()}}
	}
	return dsschema.StringAttribute{MarkdownDescription: a.desc, Computed: true}
}

// validateKubeMembers checks at plan time what Kubernetes requires across
// fields of the members: unique volume and container names, exactly one
// source per volume, mounts of declared volumes (when volumes is configured
// and known), sub_path or sub_path_expr, value or value_from. Values not
// known yet are skipped: the API checks them on apply.
func validateKubeMembers(spec map[string]attr.Value, diags *diag.Diagnostics) {
	specPath := path.Root("source_config").AtName("resource_spec")
	declared, volumesKnown := map[string]bool{}, false
	if vols, ok := spec["volumes"].(types.List); ok && isSet(vols) {
		volumesKnown = true
		seen := map[string]int{}
		for i, e := range vols.Elements() {
			p := specPath.AtName("volumes").AtListIndex(i)
			vol := attrsOf(e)
			if name, ok := stringOf(vol["name"]); ok {
				if first, dup := seen[name]; dup {
					diags.AddAttributeError(p.AtName("name"), "Duplicate volume name",
						fmt.Sprintf("%s is %q, as is volumes[%d].name; volume names must be unique within the pod.", p.AtName("name"), name, first))
				}
				seen[name], declared[name] = i, true
			} else if vol["name"] == nil || vol["name"].IsUnknown() {
				volumesKnown = false
			}
			var set []string
			unknown := false
			for _, src := range volumeSources {
				v := vol[src.name]
				unknown = unknown || (v != nil && v.IsUnknown())
				if isSet(v) {
					set = append(set, src.name)
				}
			}
			if unknown || len(set) == 1 {
				continue
			}
			what := "sets none"
			if len(set) > 1 {
				what = "sets " + strings.Join(set, " and ")
			}
			diags.AddAttributeError(p, "A volume needs exactly one source",
				fmt.Sprintf("%s %s; set exactly one of %s (for a scratch directory, empty_dir = jsonencode({})).",
					p, what, strings.Join(kubeNames(volumeSources), ", ")))
		}
	}
	checkMounts := func(v attr.Value, p path.Path) {
		l, ok := v.(types.List)
		if !ok || !isSet(l) {
			return
		}
		for i, e := range l.Elements() {
			mp := p.AtListIndex(i)
			m := attrsOf(e)
			if name, ok := stringOf(m["name"]); ok && volumesKnown && !declared[name] {
				diags.AddAttributeError(mp.AtName("name"), "Mount of an undeclared volume",
					fmt.Sprintf("%s is %q, but source_config.resource_spec.volumes declares no volume of that name; declared: %s.",
						mp.AtName("name"), name, strings.Join(sortedKeys(declared), ", ")))
			}
			if isSet(m["sub_path"]) && isSet(m["sub_path_expr"]) {
				diags.AddAttributeError(mp.AtName("sub_path_expr"), "sub_path and sub_path_expr together",
					fmt.Sprintf("%s sets both sub_path and sub_path_expr; Kubernetes takes one of them: keep sub_path for a fixed path, "+
						"sub_path_expr for one with $(VAR_NAME) references.", mp))
			}
		}
	}
	checkMounts(spec["volume_mounts"], specPath.AtName("volume_mounts"))

	names := map[string]path.Path{}
	for _, member := range []string{"init_containers", "sidecars"} {
		l, ok := spec[member].(types.List)
		if !ok || !isSet(l) {
			continue
		}
		for i, e := range l.Elements() {
			p := specPath.AtName(member).AtListIndex(i)
			c := attrsOf(e)
			if name, ok := stringOf(c["name"]); ok {
				if first, dup := names[name]; dup {
					diags.AddAttributeError(p.AtName("name"), "Duplicate container name",
						fmt.Sprintf("%s is %q, as is %s; the names of init containers and sidecars must be unique within the pod.", p.AtName("name"), name, first))
				}
				names[name] = p.AtName("name")
			}
			if env, ok := c["env"].(types.List); ok && isSet(env) {
				for j, ev := range env.Elements() {
					v := attrsOf(ev)
					if isSet(v["value"]) && isSet(v["value_from"]) {
						diags.AddAttributeError(p.AtName("env").AtListIndex(j), "value and value_from together",
							fmt.Sprintf("%s sets both value and value_from; a variable takes its value from one of them.", p.AtName("env").AtListIndex(j)))
					}
				}
			}
			checkMounts(c["volume_mounts"], p.AtName("volume_mounts"))
		}
	}
}

func kubeNames(attrs []kubeAttr) []string {
	out := make([]string, len(attrs))
	for i, a := range attrs {
		out[i] = a.name
	}
	sort.Strings(out)
	return out
}

// jsonObjectValidator accepts a JSON object: what the API takes for its
// free-form Kubernetes members.
type jsonObjectValidator struct{}

func (jsonObjectValidator) Description(context.Context) string {
	return "value must be a JSON object, such as jsonencode({ name = \"agent-config\" })"
}

func (v jsonObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var v any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &v); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON",
			fmt.Sprintf("%s must be a JSON object, such as jsonencode({ name = \"agent-config\" }): %v.", req.Path, err))
		return
	}
	if _, ok := v.(map[string]any); !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Not a JSON object",
			fmt.Sprintf("%s must be a JSON object ({...}, a Kubernetes object), got %s; write it with jsonencode({ ... }).", req.Path, req.ConfigValue.ValueString()))
	}
}
