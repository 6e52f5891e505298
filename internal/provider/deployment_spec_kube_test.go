package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// kubeAPISpec is a resource_spec as the API answers it: camelCase inside the
// Kubernetes members, every nullable key present, empty lists as [] or null.
const kubeAPISpec = `{
	"cpu": 1,
	"image_pull_secrets": [{"name": "registry"}],
	"volumes": [
		{"name": "scratch", "configMap": null, "secret": null, "emptyDir": {}, "persistentVolumeClaim": null,
		 "nfs": null, "projected": null, "downwardAPI": null, "csi": null},
		{"name": "cfg", "configMap": {"name": "agent-config", "defaultMode": 420, "items": [{"key": "a", "path": "a.yaml"}]}}
	],
	"volume_mounts": [{"name": "scratch", "mountPath": "/scratch", "subPath": null, "mountPropagation": "None", "readOnly": true, "subPathExpr": null}],
	"init_containers": [],
	"sidecars": [{
		"name": "proxy", "image": "envoy:1", "imagePullPolicy": "IfNotPresent", "command": null, "args": [],
		"workingDir": "/w", "env": [{"name": "A", "value": null, "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}],
		"envFrom": [{"configMapRef": {"name": "env"}}],
		"resources": {"limits": {"cpu": "500m"}, "requests": null},
		"volumeMounts": [{"name": "cfg", "mountPath": "/etc/cfg", "subPathExpr": "$(POD)"}],
		"securityContext": {"runAsNonRoot": true, "runAsUser": 1000}, "restartPolicy": null
	}]
}`

func decodeSpec(t *testing.T, s string) *langsmith.ResourceSpec {
	t.Helper()
	var spec langsmith.ResourceSpec
	if err := json.Unmarshal([]byte(s), &spec); err != nil {
		t.Fatal(err)
	}
	return &spec
}

// elem returns the attributes of element i of the list attribute name of obj.
func elem(t *testing.T, obj map[string]attr.Value, name string, i int) map[string]attr.Value {
	t.Helper()
	l, ok := obj[name].(types.List)
	if !ok || l.IsNull() || len(l.Elements()) <= i {
		t.Fatalf("%s = %v, want a list with element %d", name, obj[name], i)
	}
	return attrsOf(l.Elements()[i])
}

func wantString(t *testing.T, what string, v attr.Value, want string) {
	t.Helper()
	s, ok := stringOf(v)
	if !ok || s != want {
		t.Errorf("%s = %v, want %q", what, v, want)
	}
}

func wantNull(t *testing.T, what string, v attr.Value) {
	t.Helper()
	if v == nil || !v.IsNull() {
		t.Errorf("%s = %v, want null", what, v)
	}
}

// TestKubeMembers_fromAPI: the API's camelCase keys become snake_case
// attributes, free-form objects canonical JSON (keys sorted, {} kept as {}),
// and nulls and empty lists null.
func TestKubeMembers_fromAPI(t *testing.T) {
	spec := attrsOf(resourceSpecObject(decodeSpec(t, kubeAPISpec)))

	wantString(t, "image_pull_secrets[0].name", elem(t, spec, "image_pull_secrets", 0)["name"], "registry")
	scratch := elem(t, spec, "volumes", 0)
	wantString(t, "volumes[0].empty_dir", scratch["empty_dir"], "{}")
	for _, k := range []string{"config_map", "secret", "persistent_volume_claim", "nfs", "projected", "downward_api", "csi"} {
		wantNull(t, "volumes[0]."+k, scratch[k])
	}
	wantString(t, "volumes[1].config_map", elem(t, spec, "volumes", 1)["config_map"],
		`{"defaultMode":420,"items":[{"key":"a","path":"a.yaml"}],"name":"agent-config"}`)

	mount := elem(t, spec, "volume_mounts", 0)
	wantString(t, "volume_mounts[0].mount_path", mount["mount_path"], "/scratch")
	wantString(t, "volume_mounts[0].mount_propagation", mount["mount_propagation"], "None")
	if !mount["read_only"].Equal(types.BoolValue(true)) {
		t.Errorf("read_only = %v", mount["read_only"])
	}
	wantNull(t, "volume_mounts[0].sub_path", mount["sub_path"])
	wantNull(t, "init_containers ([])", spec["init_containers"])

	proxy := elem(t, spec, "sidecars", 0)
	wantString(t, "sidecars[0].image_pull_policy", proxy["image_pull_policy"], "IfNotPresent")
	wantString(t, "sidecars[0].working_dir", proxy["working_dir"], "/w")
	wantNull(t, "sidecars[0].command (null)", proxy["command"])
	wantNull(t, "sidecars[0].args ([])", proxy["args"])
	wantNull(t, "sidecars[0].restart_policy", proxy["restart_policy"])
	env := elem(t, proxy, "env", 0)
	wantNull(t, "env[0].value", env["value"])
	wantString(t, "env[0].value_from", env["value_from"], `{"secretKeyRef":{"key":"k","name":"s"}}`)
	envFrom, _ := proxy["env_from"].(types.List)
	if len(envFrom.Elements()) != 1 {
		t.Fatalf("env_from = %v", envFrom)
	}
	wantString(t, "env_from[0]", envFrom.Elements()[0], `{"configMapRef":{"name":"env"}}`)
	res := attrsOf(proxy["resources"])
	if !res["limits"].Equal(types.MapValueMust(types.StringType, map[string]attr.Value{"cpu": types.StringValue("500m")})) {
		t.Errorf("resources.limits = %v", res["limits"])
	}
	wantNull(t, "resources.requests", res["requests"])
	wantString(t, "volume_mounts[0].sub_path_expr", elem(t, proxy, "volume_mounts", 0)["sub_path_expr"], "$(POD)")
	wantString(t, "security_context", proxy["security_context"], `{"runAsNonRoot":true,"runAsUser":1000}`)

	// What kubeValues produces is already in its normal form.
	for _, a := range kubeMembers {
		if v := spec[a.name]; !normaliseKube(v).Equal(v) {
			t.Errorf("%s is not in its normal form:\n%v\n%v", a.name, v, normaliseKube(v))
		}
	}
}

// TestKubeMembers_toAPI: a configured resource_spec becomes the API's
// camelCase JSON, with JSON members written as configured (whitespace and
// all) sent as the objects they are, [] sent as [], null members left out.
func TestKubeMembers_toAPI(t *testing.T) {
	obj := resourceSpecObject(decodeSpec(t, kubeAPISpec))
	attrs := obj.Attributes()
	// As a configuration writes them: JSON spelled by hand, an empty list.
	vols := attrs["volumes"].(types.List).Elements()
	cfg := attrsOf(vols[1])
	cfg["config_map"] = jsontypes.NewNormalizedValue("{\n  \"name\": \"agent-config\",\n  \"defaultMode\": 420, \"items\": [{\"path\": \"a.yaml\", \"key\": \"a\"}]\n}")
	vols[1] = types.ObjectValueMust(vols[1].(types.Object).AttributeTypes(context.Background()), cfg)
	attrs["volumes"] = types.ListValueMust(attrs["volumes"].(types.List).ElementType(context.Background()), vols)
	attrs["init_containers"] = types.ListValueMust(attrs["init_containers"].(types.List).ElementType(context.Background()), nil)

	spec, diags := resourceSpecFromObject(context.Background(), types.ObjectValueMust(resourceSpecAttrTypes(), attrs))
	if diags.HasError() {
		t.Fatal(diags)
	}
	body, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	_ = json.Unmarshal(body, &got)
	want := map[string]any{
		"cpu":                1.0,
		"image_pull_secrets": []any{map[string]any{"name": "registry"}},
		"volumes": []any{
			map[string]any{"name": "scratch", "emptyDir": map[string]any{}},
			map[string]any{"name": "cfg", "configMap": map[string]any{"name": "agent-config", "defaultMode": 420.0,
				"items": []any{map[string]any{"key": "a", "path": "a.yaml"}}}},
		},
		"volume_mounts":   []any{map[string]any{"name": "scratch", "mountPath": "/scratch", "mountPropagation": "None", "readOnly": true}},
		"init_containers": []any{},
		"sidecars": []any{map[string]any{
			"name": "proxy", "image": "envoy:1", "imagePullPolicy": "IfNotPresent", "workingDir": "/w",
			"env":             []any{map[string]any{"name": "A", "valueFrom": map[string]any{"secretKeyRef": map[string]any{"name": "s", "key": "k"}}}},
			"envFrom":         []any{map[string]any{"configMapRef": map[string]any{"name": "env"}}},
			"resources":       map[string]any{"limits": map[string]any{"cpu": "500m"}},
			"volumeMounts":    []any{map[string]any{"name": "cfg", "mountPath": "/etc/cfg", "subPathExpr": "$(POD)"}},
			"securityContext": map[string]any{"runAsNonRoot": true, "runAsUser": 1000.0},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("request body\n got %s\nwant %v", body, want)
	}

	// Null or unknown members are not sent at all.
	attrs["volumes"] = types.ListNull(attrs["volumes"].(types.List).ElementType(context.Background()))
	attrs["sidecars"] = types.ListUnknown(attrs["sidecars"].(types.List).ElementType(context.Background()))
	spec, _ = resourceSpecFromObject(context.Background(), types.ObjectValueMust(resourceSpecAttrTypes(), attrs))
	if spec.Volumes != nil || spec.Sidecars != nil || spec.InitContainers == nil {
		t.Errorf("null/unknown members sent: volumes %v, sidecars %v; init_containers %v", spec.Volumes, spec.Sidecars, spec.InitContainers)
	}
}

// TestNormaliseKube_equivalentSpellings: values that differ only in JSON key
// order and whitespace, or in empty lists, maps and objects inside elements,
// have one normal form; values that differ in meaning do not.
func TestNormaliseKube_equivalentSpellings(t *testing.T) {
	volumes := kubeMembers[1]
	if volumes.name != "volumes" {
		t.Fatalf("kubeMembers[1] is %s", volumes.name)
	}
	sidecars := kubeMembers[4]
	vol := func(cm string) attr.Value {
		return volumes.value([]any{map[string]any{"name": "cfg", "configMap": json.RawMessage(cm)}}, false)
	}
	// value() marshals its input, so build the configured spelling by hand.
	configured := func(cm string) attr.Value {
		l := vol(`{}`).(types.List)
		o := attrsOf(l.Elements()[0])
		o["config_map"] = jsontypes.NewNormalizedValue(cm)
		return types.ListValueMust(l.ElementType(context.Background()), []attr.Value{types.ObjectValueMust(volumes.objectType().AttrTypes, o)})
	}
	a := configured("{\n  \"name\": \"agent\",\n  \"defaultMode\": 420\n}")
	b := configured(`{"defaultMode":420,"name":"agent"}`)
	c := configured(`{"defaultMode":493,"name":"agent"}`)
	if a.Equal(b) || !normaliseKube(a).Equal(normaliseKube(b)) {
		t.Errorf("re-spelled JSON: equal %v, same normal form %v", a.Equal(b), normaliseKube(a).Equal(normaliseKube(b)))
	}
	if normaliseKube(a).Equal(normaliseKube(c)) {
		t.Error("different JSON has the same normal form")
	}
	if !normaliseKube(b).Equal(b) {
		t.Error("canonical JSON is not its own normal form")
	}

	withEmpties := sidecars.value(plainJSON([]any{map[string]any{"name": "p", "image": "i", "args": []any{"x"}}}), false).(types.List)
	o := attrsOf(withEmpties.Elements()[0])
	o["command"] = types.ListValueMust(types.StringType, nil)
	o["resources"] = types.ObjectValueMust(o["resources"].(types.Object).AttributeTypes(context.Background()),
		map[string]attr.Value{"limits": types.MapValueMust(types.StringType, nil), "requests": types.MapNull(types.StringType)})
	empties := types.ListValueMust(withEmpties.ElementType(context.Background()),
		[]attr.Value{types.ObjectValueMust(sidecars.objectType().AttrTypes, o)})
	if empties.Equal(withEmpties) || !normaliseKube(empties).Equal(withEmpties) {
		t.Errorf("command = [] and resources = { limits = {} } should normalise to null:\n%v\n%v", normaliseKube(empties), withEmpties)
	}
	if !normaliseKube(types.ListNull(volumes.objectType())).IsNull() {
		t.Error("null list not kept null")
	}
}

// TestCarryKubeExtras: keys the provider does not model, inside the API's
// volumes and containers, are sent back with the element of the same name.
func TestCarryKubeExtras(t *testing.T) {
	cur := decodeSpec(t, `{"volumes":[{"name":"a","emptyDir":{},"hostPath":{"path":"/x"}}],
		"sidecars":[{"name":"p","image":"i","ports":[{"containerPort":80}]}],"init_containers":[{"name":"q","image":"i","probe":1}]}`)
	want := decodeSpec(t, `{"volumes":[{"name":"b","emptyDir":{}},{"name":"a","emptyDir":{}}],
		"sidecars":[{"name":"p","image":"j"}],"init_containers":[{"name":"other","image":"i"}]}`)
	carryKubeExtras(want, cur)
	b, _ := json.Marshal(want)
	var got map[string]any
	_ = json.Unmarshal(b, &got)
	vols := got["volumes"].([]any)
	if vols[0].(map[string]any)["hostPath"] != nil || vols[1].(map[string]any)["hostPath"] == nil {
		t.Errorf("volumes = %v", vols)
	}
	if got["sidecars"].([]any)[0].(map[string]any)["ports"] == nil || got["init_containers"].([]any)[0].(map[string]any)["probe"] != nil {
		t.Errorf("containers = %s", b)
	}
}

// kubeDeployment is an external_docker deployment whose resource_spec holds
// the core sidecar settings and members (HCL inside resource_spec).
func kubeDeployment(members string) string {
	return fmt.Sprintf(`
resource "langsmith_deployment" "test" {
  name   = "kube-agent"
  source = "external_docker"
  source_config = {
    resource_spec = {
      core_cpu       = 0.5
      core_memory_mb = 256
%s
    }
  }
  source_revision_config = { image_uri = "registry.example.com/agents/kube:1.0.0" }
  secrets                = { LOG_LEVEL = "info" }
}
`, members)
}

// kubeMembersHCL sets every member; the sidecar's image, args and
// securityContext and the config map volume's source vary by step.
func kubeMembersHCL(image, args, securityContext, configMap string) string {
	return fmt.Sprintf(`
      image_pull_secrets = [{ name = "registry-credentials" }]
      volumes = [
        { name = "scratch", empty_dir = jsonencode({}) },
        { name = "agent-config", config_map = %s },
      ]
      volume_mounts = [{ name = "agent-config", mount_path = "/etc/agent", read_only = true }]
      init_containers = [
        {
          name          = "migrate"
          image         = "registry.example.com/agents/migrate:1.0.0"
          command       = ["/migrate", "--wait"]
          env           = [{ name = "DB_URL", value_from = jsonencode({ secretKeyRef = { name = "db", key = "url" } }) }]
          volume_mounts = [{ name = "scratch", mount_path = "/scratch" }]
        },
        { name = "log-shipper", image = "fluent/fluent-bit:3.0", restart_policy = "Always" },
      ]
      sidecars = [{
        name              = "proxy"
        image             = %q
        image_pull_policy = "IfNotPresent"
        args              = %s
        working_dir       = "/etc/envoy"
        env               = [{ name = "LOG_LEVEL", value = "info" }]
        env_from          = [jsonencode({ configMapRef = { name = "proxy-env" } })]
        resources         = { limits = { cpu = "500m", memory = "256Mi" }, requests = { cpu = "100m" } }
        volume_mounts     = [{ name = "agent-config", mount_path = "/etc/envoy/agent", sub_path = "proxy.yaml", mount_propagation = "None" }]
        security_context  = %s
      }]
`, configMap, image, args, securityContext)
}

const (
	kubeConfigMap = `jsonencode({ name = "agent-config", defaultMode = 420 })`
	kubeSecCtx    = `jsonencode({ runAsNonRoot = true, runAsUser = 1000 })`
	// The same objects, written with other key order and whitespace.
	kubeConfigMapRespelled = "\"{ \\\"defaultMode\\\": 420,   \\\"name\\\": \\\"agent-config\\\" }\""
	kubeSecCtxRespelled    = "<<-EOT\n          {\n            \"runAsUser\": 1000,\n            \"runAsNonRoot\": true\n          }\n        EOT"
)

// kubeAt returns the value at a dotted path (list indexes as numbers) of the
// resource spec the mock holds.
func kubeAt(rs map[string]any, p string) any {
	var cur any = rs
	for _, step := range strings.Split(p, ".") {
		switch x := cur.(type) {
		case map[string]any:
			cur = x[step]
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i >= len(x) {
				return nil
			}
			cur = x[i]
		default:
			return nil
		}
	}
	return cur
}

// expectMockSpec checks values of the spec the mock holds, by dotted path
// in the API's names.
func expectMockSpec(env *acctest.Env, id *string, want map[string]any) resource.TestCheckFunc {
	return func(*terraform.State) error {
		rs := mockSpec(env, *id)
		for p, v := range want {
			if got := kubeAt(rs, p); !reflect.DeepEqual(got, v) {
				return fmt.Errorf("API resource_spec.%s = %#v, want %#v", p, got, v)
			}
		}
		return nil
	}
}

var specAttr = tfjsonpath.New("source_config").AtMapKey("resource_spec")

// oneRevisionWrite checks that the apply since the last reset wrote once:
// one PATCH or one create-revision POST, whichever route the update takes.
func oneRevisionWrite(env *acctest.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := env.Mock.Counts()
		if n := got[routePatch] + got["POST /v2/deployments/{deployment_id}/revisions"]; n != 1 {
			return fmt.Errorf("want one revision-creating write, got %d: %v", n, got)
		}
		return nil
	}
}

// TestAccDeployment_resourceSpecKubernetes walks the Kubernetes members and
// the core sidecar settings of resource_spec through the real CLI: a create
// with all of them (sent in the API's camelCase, limits derived at twice the
// request), import, a change that rolls out a revision, JSON re-spelled in
// the configuration (no change planned, nothing sent), a change applied with
// JSON spelled otherwise than the API answers (state keeps the
// configuration's spelling), [] (the API answers null), and removal (the
// API's value is kept). Every step's plan after apply is empty.
func TestAccDeployment_resourceSpecKubernetes(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	cfg := func(members string) string { return config(env, kubeDeployment(members)) }
	v1 := kubeMembersHCL("envoyproxy/envoy:v1.31.0", `["--config", "/etc/envoy/envoy.yaml"]`, kubeSecCtx, kubeConfigMap)
	v2 := kubeMembersHCL("envoyproxy/envoy:v1.32.0", `["--config", "/etc/envoy/envoy.yaml"]`, kubeSecCtx, kubeConfigMap)
	v2Respelled := kubeMembersHCL("envoyproxy/envoy:v1.32.0", `["--config", "/etc/envoy/envoy.yaml"]`, kubeSecCtxRespelled, kubeConfigMapRespelled)
	v3Respelled := kubeMembersHCL("envoyproxy/envoy:v1.32.0", `["--config", "/etc/envoy/v3.yaml"]`, kubeSecCtxRespelled, kubeConfigMapRespelled)
	empty := `
      image_pull_secrets = []
      volumes            = []
      volume_mounts      = []
      init_containers    = []
      sidecars           = []
`
	sidecar := specAttr.AtMapKey("sidecars").AtSliceIndex(0)
	var id, rev1, rev2 string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             deploymentGone(env),
		Steps: []resource.TestStep{
			{
				Config: cfg(v1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deploymentAddr, specAttr.AtMapKey("core_cpu_limit"), knownvalue.Float64Exact(1)),
					statecheck.ExpectKnownValue(deploymentAddr, specAttr.AtMapKey("core_memory_limit_mb"), knownvalue.Int64Exact(512)),
					statecheck.ExpectKnownValue(deploymentAddr, specAttr.AtMapKey("volumes").AtSliceIndex(0).AtMapKey("empty_dir"), knownvalue.StringExact("{}")),
					statecheck.ExpectKnownValue(deploymentAddr, specAttr.AtMapKey("volumes").AtSliceIndex(0).AtMapKey("config_map"), knownvalue.Null()),
					statecheck.ExpectKnownValue(deploymentAddr, specAttr.AtMapKey("volume_mounts").AtSliceIndex(0).AtMapKey("mount_path"), knownvalue.StringExact("/etc/agent")),
					statecheck.ExpectKnownValue(deploymentAddr, sidecar.AtMapKey("security_context"), knownvalue.StringExact(`{"runAsNonRoot":true,"runAsUser":1000}`)),
					statecheck.ExpectKnownValue(deploymentAddr, sidecar.AtMapKey("resources").AtMapKey("limits").AtMapKey("memory"), knownvalue.StringExact("256Mi")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureAttr(deploymentAddr, "id", &id),
					captureAttr(deploymentAddr, "latest_revision_id", &rev1),
					// The API's names and values: camelCase inside the members,
					// free-form objects as sent, limits twice the request.
					expectMockSpec(env, &id, map[string]any{
						"core_cpu": 0.5, "core_cpu_limit": 1.0, "core_memory_mb": 256.0, "core_memory_limit_mb": 512.0,
						"image_pull_secrets.0.name":                  "registry-credentials",
						"volumes.0.emptyDir":                         map[string]any{},
						"volumes.1.configMap":                        map[string]any{"name": "agent-config", "defaultMode": 420.0},
						"volume_mounts.0.mountPath":                  "/etc/agent",
						"volume_mounts.0.readOnly":                   true,
						"init_containers.0.env.0.valueFrom":          map[string]any{"secretKeyRef": map[string]any{"name": "db", "key": "url"}},
						"init_containers.0.volumeMounts.0.mountPath": "/scratch",
						"init_containers.1.restartPolicy":            "Always",
						"sidecars.0.imagePullPolicy":                 "IfNotPresent",
						"sidecars.0.workingDir":                      "/etc/envoy",
						"sidecars.0.envFrom.0.configMapRef.name":     "proxy-env",
						"sidecars.0.resources.requests.cpu":          "100m",
						"sidecars.0.volumeMounts.0.subPath":          "proxy.yaml",
						"sidecars.0.volumeMounts.0.mountPropagation": "None",
						"sidecars.0.securityContext.runAsUser":       1000.0,
						"sidecars.0.command":                         nil,
					}),
				),
			},
			{
				ResourceName:      deploymentAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// One member changes: a new revision carrying the whole spec.
				Config: cfg(v2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					env.ResetCounts(),
					plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(deploymentAddr, tfjsonpath.New("latest_revision_id")),
					expectUnknownsWithin(deploymentAddr, revisionUnknowns()...),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					oneRevisionWrite(env),
					captureAttr(deploymentAddr, "latest_revision_id", &rev2),
					func(*terraform.State) error {
						if rev2 == rev1 {
							return fmt.Errorf("latest_revision_id is still %s: no revision rolled out", rev1)
						}
						return nil
					},
					expectMockSpec(env, &id, map[string]any{
						"sidecars.0.image": "envoyproxy/envoy:v1.32.0", "volumes.1.configMap.name": "agent-config",
						"init_containers.1.name": "log-shipper", "core_cpu_limit": 1.0,
					}),
				),
			},
			{
				// The same JSON written with other key order and whitespace:
				// no change planned, nothing sent.
				Config:           cfg(v2Respelled),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{env.ResetCounts(), plancheck.ExpectEmptyPlan()}},
				Check:            env.ExpectCalls(map[string]int{}),
			},
			{
				// A change applied while the JSON is spelled otherwise than the
				// API answers: state keeps the configuration's spelling, so
				// the plan after apply (and after a refresh) is empty.
				Config: cfg(v3Respelled),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deploymentAddr, sidecar.AtMapKey("security_context"),
						knownvalue.StringExact("{\n  \"runAsUser\": 1000,\n  \"runAsNonRoot\": true\n}\n")),
				},
				Check: expectMockSpec(env, &id, map[string]any{"sidecars.0.args.1": "/etc/envoy/v3.yaml",
					"sidecars.0.securityContext": map[string]any{"runAsNonRoot": true, "runAsUser": 1000.0}}),
			},
			{
				// [] removes them; the API answers null, state keeps [].
				Config: cfg(empty),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(deploymentAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deploymentAddr, specAttr.AtMapKey("volumes"), knownvalue.ListExact(nil)),
					statecheck.ExpectKnownValue(deploymentAddr, specAttr.AtMapKey("sidecars"), knownvalue.ListExact(nil)),
				},
				Check: expectMockSpec(env, &id, map[string]any{"image_pull_secrets": nil, "volumes": nil, "volume_mounts": nil,
					"init_containers": nil, "sidecars": nil, "core_memory_limit_mb": 512.0}),
			},
			{
				// Left out: the API's value (none) is kept, nothing to do.
				Config:           cfg(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// kubeRefusal is a deployment whose resource_spec is spec.
func kubeRefusal(spec string) string {
	return `
resource "langsmith_deployment" "test" {
  name   = "kube-agent"
  source = "external_docker"
  source_config = {
    resource_spec = {
` + spec + `
    }
  }
  source_revision_config = { image_uri = "registry.example.com/a:1" }
}`
}

// TestAccDeployment_resourceSpecKubernetesRefused: each bad Kubernetes member
// fails terraform plan with a message that names the attribute and what is
// valid, and the API is never called.
func TestAccDeployment_resourceSpecKubernetesRefused(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	sidecar := func(attrs string) string {
		return `sidecars = [{ name = "proxy", image = "envoy:1", ` + attrs + ` }]`
	}
	cases := []struct{ name, spec, want string }{
		{"volume name not a DNS label", `volumes = [{ name = "Scratch_1", empty_dir = jsonencode({}) }]`,
			`source_config.resource_spec.volumes[0].name must be a DNS label`},
		{"volume without a source", `volumes = [{ name = "scratch" }]`,
			`source_config.resource_spec.volumes[0] sets none; set exactly one of config_map, csi, downward_api, empty_dir, nfs, persistent_volume_claim, projected, secret`},
		{"volume with two sources", `volumes = [{ name = "s", empty_dir = jsonencode({}), secret = jsonencode({ secretName = "x" }) }]`,
			`source_config.resource_spec.volumes[0] sets secret and empty_dir; set exactly one of`},
		{"duplicate volume names", `volumes = [{ name = "s", empty_dir = jsonencode({}) }, { name = "s", empty_dir = jsonencode({}) }]`,
			`source_config.resource_spec.volumes[1].name is "s", as is volumes[0].name; volume names must be unique`},
		{"mount of an undeclared volume", `
      volumes       = [{ name = "a", empty_dir = jsonencode({}) }]
      volume_mounts = [{ name = "b", mount_path = "/b" }]`,
			`source_config.resource_spec.volume_mounts[0].name is "b", but source_config.resource_spec.volumes declares no volume of that name; declared: a.`},
		{"sidecar mount of an undeclared volume", `
      volumes  = [{ name = "a", empty_dir = jsonencode({}) }]
      ` + sidecar(`volume_mounts = [{ name = "c", mount_path = "/c" }]`),
			`source_config.resource_spec.sidecars[0].volume_mounts[0].name is "c", but source_config.resource_spec.volumes declares no volume`},
		{"sub_path with sub_path_expr", `volume_mounts = [{ name = "a", mount_path = "/a", sub_path = "x", sub_path_expr = "$(POD)" }]`,
			`source_config.resource_spec.volume_mounts[0] sets both sub_path and sub_path_expr`},
		{"empty mount_path", `volume_mounts = [{ name = "a", mount_path = "" }]`,
			`source_config.resource_spec.volume_mounts[0].mount_path string length must be at least 1`},
		{"bad mount_propagation", `volume_mounts = [{ name = "a", mount_path = "/a", mount_propagation = "Both" }]`,
			`source_config.resource_spec.volume_mounts[0].mount_propagation value must be one of: ["None" "HostToContainer" "Bidirectional"]`},
		{"container name not a DNS label", `sidecars = [{ name = "Proxy", image = "envoy:1" }]`,
			`source_config.resource_spec.sidecars[0].name must be a DNS label`},
		{"duplicate container names", `
      init_containers = [{ name = "proxy", image = "envoy:1" }]
      sidecars        = [{ name = "proxy", image = "envoy:1" }]`,
			`source_config.resource_spec.sidecars[0].name is "proxy", as is source_config.resource_spec.init_containers[0].name`},
		{"empty image", `sidecars = [{ name = "proxy", image = "" }]`,
			`source_config.resource_spec.sidecars[0].image string length must be at least 1`},
		{"bad image_pull_policy", sidecar(`image_pull_policy = "Sometimes"`),
			`source_config.resource_spec.sidecars[0].image_pull_policy value must be one of: ["Always" "IfNotPresent" "Never"]`},
		{"bad restart_policy", `init_containers = [{ name = "shipper", image = "fluent-bit:3", restart_policy = "OnFailure" }]`,
			`source_config.resource_spec.init_containers[0].restart_policy value must be one of: ["Always"]`},
		{"env value with value_from", sidecar(`env = [{ name = "A", value = "x", value_from = jsonencode({ fieldRef = { fieldPath = "metadata.name" } }) }]`),
			`source_config.resource_spec.sidecars[0].env[0] sets both value and value_from`},
		{"bad env name", sidecar(`env = [{ name = "1BAD", value = "x" }]`),
			`source_config.resource_spec.sidecars[0].env[0].name must be a valid environment variable name`},
		{"JSON member not an object", `volumes = [{ name = "cfg", config_map = jsonencode(["agent-config"]) }]`,
			`source_config.resource_spec.volumes[0].config_map must be a JSON object ({...}, a Kubernetes object), got ["agent-config"]`},
		{"JSON member not JSON", sidecar(`security_context = "{runAsNonRoot: true}"`),
			`A string value was provided that is not valid JSON string format`},
		{"env_from entry not an object", sidecar(`env_from = ["\"proxy-env\""]`),
			`source_config.resource_spec.sidecars[0].env_from[0] must be a JSON object`},
		{"env_from entry not JSON", sidecar(`env_from = ["{configMapRef"]`),
			`source_config.resource_spec.sidecars[0].env_from[0] must be a JSON object, such as jsonencode`},
		{"bad image pull secret name", `image_pull_secrets = [{ name = "Registry_Creds" }]`,
			`source_config.resource_spec.image_pull_secrets[0].name must be a Kubernetes Secret name`},
		{"core_cpu below 0.1", `core_cpu = 0.05`, `source_config.resource_spec.core_cpu value must be at least 0.100000`},
		{"core_memory_mb below 1", `core_memory_mb = 0`, `source_config.resource_spec.core_memory_mb value must be at least 1`},
	}
	steps := []resource.TestStep{}
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.ProviderConfig() + kubeRefusal(c.spec),
			PlanOnly:    true,
			ExpectError: looseRE(c.want),
		})
	}
	// Nothing reached the API.
	steps = append(steps, afterDestroyStep(env, map[string]int{}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    steps,
	})
}
