package langsmith

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestResourceSpec_roundTrip(t *testing.T) {
	in := `{
		"min_scale": 1, "max_scale": 3, "cpu": 0.5, "memory_mb": 2048,
		"cpu_limit": null, "labels": {"team": "ml"}, "annotations": null, "service_account_name": null,
		"core_cpu": 0.25, "core_memory_mb": 512,
		"volumes": [{"name": "cfg", "configMap": {"name": "agent-cfg"}}],
		"sidecars": [{"name": "proxy", "image": "envoy:1", "env": [{"name": "A", "value": "b"}]}],
		"future_field": {"x": 1}, "future_list": [1]
	}`
	var s ResourceSpec
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if s.CPULimit != nil || s.Annotations != nil || s.ServiceAccountName != nil || s.MaxScale == nil || *s.MaxScale != 3 || *s.CPU != 0.5 {
		t.Errorf("known fields: %+v", s)
	}
	wantExtra := []string{"future_field", "future_list"}
	var gotExtra []string
	for k := range s.Extra {
		gotExtra = append(gotExtra, k)
	}
	if len(gotExtra) != len(wantExtra) {
		t.Errorf("Extra keys = %v, want %v", gotExtra, wantExtra)
	}
	if *s.CoreCPU != 0.25 || *s.CoreMemoryMB != 512 || len(s.Volumes) != 1 || s.Volumes[0].ConfigMap["name"] != "agent-cfg" ||
		len(s.Sidecars) != 1 || *s.Sidecars[0].Env[0].Value != "b" {
		t.Errorf("typed fields: %+v", s)
	}

	out, err := json.Marshal(&s)
	if err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	_ = json.Unmarshal(out, &got)
	_ = json.Unmarshal([]byte(in), &want)
	for _, k := range []string{"cpu_limit", "annotations", "service_account_name"} {
		delete(want, k) // known nulls are omitted
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %s\nwant %v", out, want)
	}

	// Inside a SourceConfig, through a Deployment, and back.
	var d Deployment
	if err := json.Unmarshal([]byte(`{"id":"d1","source_config":{"resource_spec":`+in+`}}`), &d); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(DeploymentPatchRequest{SourceConfig: &SourceConfig{ResourceSpec: d.SourceConfig.ResourceSpec}})
	var patch struct {
		SourceConfig struct {
			ResourceSpec map[string]any `json:"resource_spec"`
		} `json:"source_config"`
	}
	_ = json.Unmarshal(b, &patch)
	if !reflect.DeepEqual(patch.SourceConfig.ResourceSpec, want) {
		t.Errorf("patch body %s lost fields", b)
	}
}

// TestResourceSpec_kubernetesMembers: the Kubernetes lists decode into typed
// fields under the API's camelCase names, JSON null and [] are told apart
// (nil / empty), free-form objects keep {} and their numbers as written, and
// keys this client does not model survive inside volumes and containers.
func TestResourceSpec_kubernetesMembers(t *testing.T) {
	in := `{
		"image_pull_secrets": [{"name": "registry"}],
		"volumes": [{"name": "scratch", "emptyDir": {}, "configMap": null, "hostPath": {"path": "/x"}},
			{"name": "cfg", "configMap": {"name": "c", "defaultMode": 420, "ratio": 1.50}}],
		"volume_mounts": [{"name": "scratch", "mountPath": "/tmp/s", "subPath": null, "readOnly": true, "mountPropagation": "None"}],
		"init_containers": [],
		"sidecars": [{"name": "proxy", "image": "envoy:1", "imagePullPolicy": "Always", "command": null, "args": ["-c"],
			"workingDir": "/w", "env": [{"name": "A", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}],
			"envFrom": [{"configMapRef": {"name": "c"}}], "resources": {"limits": {"cpu": "500m"}, "requests": null},
			"volumeMounts": [{"name": "cfg", "mountPath": "/etc/c", "subPathExpr": "$(POD)"}],
			"securityContext": {"runAsNonRoot": true}, "restartPolicy": "Always", "ports": [{"containerPort": 8080}]}]
	}`
	var s ResourceSpec
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if s.Extra != nil {
		t.Errorf("Extra = %v, want none: every key is modelled", s.Extra)
	}
	if s.InitContainers == nil || len(s.InitContainers) != 0 {
		t.Errorf("init_containers [] = %#v, want empty and non-nil", s.InitContainers)
	}
	v := s.Volumes[0]
	if v.EmptyDir == nil || len(v.EmptyDir) != 0 || v.ConfigMap != nil || v.Extra["hostPath"] == nil {
		t.Errorf("volume = %#v", v)
	}
	if m := s.VolumeMounts[0]; m.MountPath != "/tmp/s" || m.SubPath != nil || !*m.ReadOnly || *m.MountPropagation != "None" {
		t.Errorf("volume mount = %#v", m)
	}
	c := s.Sidecars[0]
	if *c.ImagePullPolicy != "Always" || c.Command != nil || c.Args[0] != "-c" || *c.WorkingDir != "/w" || c.Env[0].Value != nil ||
		c.Env[0].ValueFrom["secretKeyRef"] == nil || c.EnvFrom[0]["configMapRef"] == nil || c.Resources.Limits["cpu"] != "500m" ||
		c.Resources.Requests != nil || c.VolumeMounts[0].SubPathExpr == nil || c.SecurityContext["runAsNonRoot"] != true ||
		*c.RestartPolicy != "Always" || c.Extra["ports"] == nil {
		t.Errorf("container = %#v", c)
	}

	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"init_containers":[]`, `"emptyDir":{}`, `"hostPath":{"path":"/x"}`, `"defaultMode":420`, `"ratio":1.50`,
		`"mountPath":"/tmp/s"`, `"ports":[{"containerPort":8080}]`, `"imagePullPolicy":"Always"`, `"subPathExpr":"$(POD)"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("marshalled spec lacks %s:\n%s", want, out)
		}
	}
	for _, absent := range []string{`"configMap":null`, `"command"`, `"subPath"`, `"requests"`, `"value"`} {
		if strings.Contains(string(out), absent) {
			t.Errorf("marshalled spec has %s (nil members are not sent):\n%s", absent, out)
		}
	}

	// Merge copies the lists deeply.
	got := s.Merge(nil)
	got.Sidecars[0].Args[0] = "changed"
	got.Volumes[0].EmptyDir["medium"] = "Memory"
	if s.Sidecars[0].Args[0] != "-c" || len(s.Volumes[0].EmptyDir) != 0 {
		t.Errorf("Merge result aliases its receiver's lists: %+v", s)
	}
	if over := s.Merge(&ResourceSpec{Volumes: []Volume{}}); over.Volumes == nil || len(over.Volumes) != 0 || len(over.Sidecars) != 1 {
		t.Errorf("Merge with an empty list: %+v", over)
	}
}

func TestResourceSpec_marshal(t *testing.T) {
	tests := []struct {
		name string
		spec ResourceSpec
		want string
	}{
		{name: "empty", spec: ResourceSpec{}, want: `{}`},
		{name: "known only", spec: ResourceSpec{MinScale: ptr(int64(0)), CPU: ptr(1.0)}, want: `{"min_scale":0,"cpu":1}`},
		{name: "known wins over extra", spec: ResourceSpec{CPU: ptr(2.0), Extra: map[string]any{"cpu": 9, "CPU": 9, "volumes": []any{"x"}, "future": []any{}}},
			want: `{"cpu":2,"future":[]}`},
		{name: "extra does not fill a nil known field", spec: ResourceSpec{Extra: map[string]any{"memory_mb": 1}}, want: `{}`},
		{name: "extra null kept", spec: ResourceSpec{Extra: map[string]any{"future": nil}}, want: `{"future":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.spec)
			if err != nil || string(b) != tt.want {
				t.Errorf("Marshal = %s, %v; want %s", b, err, tt.want)
			}
		})
	}
}

func TestResourceSpec_unmarshalNull(t *testing.T) {
	var sc SourceConfig
	if err := json.Unmarshal([]byte(`{"resource_spec": null}`), &sc); err != nil || sc.ResourceSpec != nil {
		t.Errorf("resource_spec null: %+v, %v", sc.ResourceSpec, err)
	}
	s := ResourceSpec{CPU: ptr(1.0)}
	if err := json.Unmarshal([]byte(`null`), &s); err != nil || s.CPU == nil {
		t.Errorf("null into a value changed it: %+v, %v", s, err)
	}
	if err := json.Unmarshal([]byte(`{"cpu": "x"}`), &s); err == nil {
		t.Error("bad cpu: no error")
	}
}

func TestResourceSpec_Merge(t *testing.T) {
	base := &ResourceSpec{MinScale: ptr(int64(1)), CPU: ptr(1.0), Labels: map[string]string{"a": "1"},
		Extra: map[string]any{"volumes": []any{"v"}, "core_cpu": 0.5}}
	tests := []struct {
		name string
		s    *ResourceSpec
		over *ResourceSpec
		want *ResourceSpec
	}{
		{name: "both nil", s: nil, over: nil, want: nil},
		{name: "nil receiver", s: nil, over: &ResourceSpec{CPU: ptr(2.0)}, want: &ResourceSpec{CPU: ptr(2.0)}},
		{name: "nil over copies", s: base, over: nil, want: base},
		{name: "fields replaced, others kept", s: base,
			over: &ResourceSpec{CPU: ptr(2.0), MaxScale: ptr(int64(3)), Labels: map[string]string{"b": "2"}, Extra: map[string]any{"core_cpu": 1.0, "sidecars": []any{}}},
			want: &ResourceSpec{MinScale: ptr(int64(1)), MaxScale: ptr(int64(3)), CPU: ptr(2.0), Labels: map[string]string{"b": "2"},
				Extra: map[string]any{"volumes": []any{"v"}, "core_cpu": 1.0, "sidecars": []any{}}}},
		{name: "empty map replaces", s: base, over: &ResourceSpec{Labels: map[string]string{}},
			want: &ResourceSpec{MinScale: ptr(int64(1)), CPU: ptr(1.0), Labels: map[string]string{}, Extra: base.Extra}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.s.Merge(tt.over)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Merge = %+v, want %+v", got, tt.want)
			}
			if got != nil && (got == tt.s || got == tt.over) {
				t.Error("Merge returned one of its inputs")
			}
		})
	}
	// The result shares no memory with its inputs.
	got := base.Merge(nil)
	*got.CPU = 9
	got.Labels["a"] = "x"
	got.Extra["new"] = true
	if *base.CPU != 1 || base.Labels["a"] != "1" || base.Extra["new"] != nil {
		t.Errorf("Merge result aliases its receiver: %+v", base)
	}
}

func TestTimestamps(t *testing.T) {
	want := time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{in: `"2025-01-02T03:04:05.123456Z"`, want: want},
		{in: `"2025-01-02T03:04:05.123456+00:00"`, want: want},
		{in: `"2025-01-02T05:04:05.123456+02:00"`, want: want},
		{in: `"2025-01-02T03:04:05.123456"`, want: want},
		{in: `"2025-01-02 03:04:05.123456"`, want: want},
		{in: `"2025-01-02T03:04:05Z"`, want: want.Truncate(time.Second)},
		{in: `null`},
	}
	for _, tt := range tests {
		var d Deployment
		if err := json.Unmarshal([]byte(`{"id":"d1","created_at":`+tt.in+`,"updated_at":`+tt.in+`}`), &d); err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if !d.CreatedAt.Equal(tt.want) || !d.UpdatedAt.Equal(tt.want) || d.ID != "d1" {
			t.Errorf("%s: got %v / %v", tt.in, d.CreatedAt, d.UpdatedAt)
		}
	}
}

func FuzzDecodeDeployment(f *testing.F) {
	full, _ := json.Marshal(deploymentJSON("d1", "app", "r1"))
	f.Add(full)
	f.Add([]byte(`{"id":"d1","source_config":{"resource_spec":{"cpu":1,"volumes":[{"name":"x"}],"labels":{"a":"b"}}},"secrets":[{"name":"A","value":"b"}]}`))
	f.Add([]byte(`{"source_config":{"resource_spec":null},"created_at":"2025-01-01T00:00:00.1","latest_revision_id":null}`))
	f.Add([]byte(`{"source_config":{"resource_spec":{"CPU":1,"cpu":2,"x":1e400}}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"created_at":17}`))
	f.Add([]byte("\xff"))
	f.Fuzz(func(t *testing.T, body []byte) {
		var d Deployment
		if err := decodeJSON("GET", "/v2/deployments/d1", body, &d); err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if _, err := json.Marshal(&d); err != nil {
			t.Fatalf("decoded deployment does not encode: %v", err)
		}
	})
}
