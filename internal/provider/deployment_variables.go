package provider

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// The variables of a deployment. The API has one list of variables per
// revision (§4.5); HCL has three views of it:
//
//   - environment_variables: plain values, shown in plans;
//   - secrets: sensitive values, kept in state. Null means "whatever other
//     variables the server has" (an import lands every variable here, and
//     generated configuration writes secrets as null), {} means none;
//   - secrets_wo: write-only values, never stored. Their names are kept in
//     private state so a refresh does not mistake them for secrets.
//
// A revision-creating PATCH sends the whole list, so the new revision has
// exactly the configured variables. The API treats an empty list as
// "unchanged" (§5.4), so the last variable cannot be removed: refused at plan
// time.

// privateWONames is the private-state key holding the secrets_wo names.
const privateWONames = "secrets_wo_names"

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// loadWONames reads the secrets_wo names recorded in private state.
func loadWONames(ctx context.Context, p privateGetter) (map[string]bool, diag.Diagnostics) {
	if p == nil {
		return nil, nil
	}
	raw, diags := p.GetKey(ctx, privateWONames)
	if len(raw) == 0 || diags.HasError() {
		return nil, diags
	}
	var names []string
	if err := json.Unmarshal(raw, &names); err != nil {
		return nil, nil // unreadable private state: treat as no write-only secrets
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out, diags
}

// saveWONames records the secrets_wo names in private state (none removes
// the key).
func saveWONames(ctx context.Context, p privateSetter, names map[string]bool) diag.Diagnostics {
	if len(names) == 0 {
		return p.SetKey(ctx, privateWONames, nil)
	}
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	sort.Strings(list)
	raw, _ := json.Marshal(list)
	return p.SetKey(ctx, privateWONames, raw)
}

// writeOnlyConfig is secrets_wo as the configuration has it.
type writeOnlyConfig struct {
	values map[string]string // nil when secrets_wo is null
	known  bool              // false when the map or a value is unknown
}

func (w writeOnlyConfig) names() map[string]bool {
	out := make(map[string]bool, len(w.values))
	for n := range w.values {
		out[n] = true
	}
	return out
}

// readWriteOnly reads secrets_wo from the configuration (write-only values
// exist only there).
func readWriteOnly(ctx context.Context, cfg tfsdk.Config) (writeOnlyConfig, diag.Diagnostics) {
	var wo types.Map
	diags := cfg.GetAttribute(ctx, path.Root("secrets_wo"), &wo)
	if diags.HasError() || wo.IsNull() {
		return writeOnlyConfig{known: true}, diags
	}
	if wo.IsUnknown() || hasUnknownElement(wo) {
		return writeOnlyConfig{}, diags
	}
	values, d := stringMap(ctx, wo)
	diags.Append(d...)
	return writeOnlyConfig{values: values, known: true}, diags
}

func hasUnknownElement(m types.Map) bool {
	for _, v := range m.Elements() {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// environmentHash is the verifier of a deployment's write-only variables: an
// HMAC-SHA256 keyed by the provider's secrets_wo_hash_key over the
// deployment ID and, for each write-only name, its value in vars (or its
// absence). Without a key, or without write-only variables, it is null: the
// state then holds nothing a guessed secret could be tested against. The
// value starts with an identifier of the key (itself an HMAC, of a constant),
// so a plan that cannot refresh knows a verifier made with another key.
func environmentHash(key []byte, deploymentID string, woNames map[string]bool, vars map[string]string) types.String {
	if len(key) == 0 || len(woNames) == 0 {
		return types.StringNull()
	}
	names := make([]string, 0, len(woNames))
	for n := range woNames {
		names = append(names, n)
	}
	sort.Strings(names)
	h := hmac.New(sha256.New, key)
	fmt.Fprintf(h, "langsmith-environment-v2\x00%s\x00", deploymentID)
	for _, n := range names {
		if v, ok := vars[n]; ok {
			fmt.Fprintf(h, "%d:%s=%d:%s;", len(n), n, len(v), v)
		} else {
			fmt.Fprintf(h, "%d:%s-;", len(n), n)
		}
	}
	return types.StringValue(hashPrefix(key) + hex.EncodeToString(h.Sum(nil)))
}

// hashPrefix is the start of every verifier made with key.
func hashPrefix(key []byte) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("langsmith-environment-key-id"))
	return "hmac-sha256:" + hex.EncodeToString(h.Sum(nil))[:8] + ":"
}

// variableMap returns the API's variables by name.
func variableMap(vars []langsmith.Secret) map[string]string {
	out := make(map[string]string, len(vars))
	for _, v := range vars {
		out[v.Name] = v.Value
	}
	return out
}

// splitVariables sorts the API's variables back into environment_variables
// and secrets: a name that was a plain variable stays one, a write-only name
// is left out, every other variable (import, or added in the UI) goes to
// secrets, so a value never shows up in plain text. An attribute that was
// null stays null rather than becoming {}, and {} stays {}.
func splitVariables(vars []langsmith.Secret, priorEnv, priorSecrets types.Map, woNames map[string]bool) (types.Map, types.Map) {
	plain := map[string]bool{}
	for k := range priorEnv.Elements() {
		plain[k] = true
	}
	env := map[string]attr.Value{}
	sec := map[string]attr.Value{}
	for _, v := range vars {
		switch {
		case woNames[v.Name]:
		case plain[v.Name]:
			env[v.Name] = types.StringValue(v.Value)
		default:
			sec[v.Name] = types.StringValue(v.Value)
		}
	}
	return mapOrPriorNull(env, priorEnv), mapOrPriorNull(sec, priorSecrets)
}

// mapOrPriorNull is elems as a map, or null when it is empty and prior was
// null (or unknown).
func mapOrPriorNull(elems map[string]attr.Value, prior types.Map) types.Map {
	if len(elems) == 0 && (prior.IsNull() || prior.IsUnknown()) {
		return types.MapNull(types.StringType)
	}
	return types.MapValueMust(types.StringType, elems)
}

// requestVariables is the list a create or revision-creating PATCH sends:
// environment_variables, secrets and the secrets_wo values, by name.
func requestVariables(ctx context.Context, env, secrets types.Map, wo map[string]string) ([]langsmith.Secret, diag.Diagnostics) {
	var diags diag.Diagnostics
	e, d := stringMap(ctx, env)
	diags.Append(d...)
	s, d := stringMap(ctx, secrets)
	diags.Append(d...)
	out := make([]langsmith.Secret, 0, len(e)+len(s)+len(wo))
	for _, m := range []map[string]string{e, s, wo} {
		for k, v := range m {
			out = append(out, langsmith.Secret{Name: k, Value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, diags
}

// plainValues returns the known elements of both maps, by name.
func plainValues(env, secrets types.Map) map[string]string {
	out := map[string]string{}
	for _, m := range []types.Map{env, secrets} {
		for k, v := range m.Elements() {
			if s, ok := v.(types.String); ok && isSet(s) {
				out[k] = s.ValueString()
			}
		}
	}
	return out
}

// plannedSecrets is secrets when the configuration leaves it null: the
// variables state has there, less the names now configured elsewhere.
func plannedSecrets(stateSecrets, env types.Map, wo writeOnlyConfig) types.Map {
	if stateSecrets.IsNull() || stateSecrets.IsUnknown() {
		return stateSecrets
	}
	if env.IsUnknown() || !wo.known {
		return types.MapUnknown(types.StringType)
	}
	elems := map[string]attr.Value{}
	envElems := env.Elements()
	for k, v := range stateSecrets.Elements() {
		_, inEnv := envElems[k]
		_, isWO := wo.values[k]
		if !inEnv && !isWO {
			elems[k] = v
		}
	}
	if len(elems) == 0 {
		return types.MapNull(types.StringType) // left out and nothing left: null, as on create
	}
	return types.MapValueMust(types.StringType, elems)
}

// variablesPlan is what a plan decides about the variables.
type variablesPlan struct {
	secrets  types.Map    // planned secrets
	hash     types.String // planned environment_hash
	revision bool         // the variables roll out a revision
	// emptied is true when the plan removes the last variable, which the
	// API cannot do.
	emptied bool
}

// planVariables decides the variables part of an update's plan. A revision
// rolls out when the plain variables (by name and value) change, when the
// set of write-only names changes, when secrets_wo_version changes, or when
// the write-only verifier (with a hash key) no longer matches; moving a
// variable between environment_variables and secrets changes nothing on the
// API and rolls out nothing.
func planVariables(key []byte, deploymentID string, cfgSecrets types.Map, planEnv types.Map, stateEnv, stateSecrets types.Map,
	stateHash types.String, planVersion, stateVersion types.Int64, wo writeOnlyConfig, woNames map[string]bool,
) variablesPlan {
	out := variablesPlan{secrets: cfgSecrets}
	if cfgSecrets.IsNull() {
		out.secrets = plannedSecrets(stateSecrets, planEnv, wo)
	}
	// The verifier the API's variables will have once the configuration is
	// rolled out; a difference from the refreshed one means a write-only
	// value changed, here or outside Terraform. It becomes unknown then,
	// which plans a rollout and leaves the new value to the apply.
	switch h := environmentHash(key, deploymentID, wo.names(), wo.values); {
	case !wo.known:
		out.hash = types.StringUnknown()
	case h.Equal(stateHash):
		out.hash = stateHash
	case isSet(stateHash) && isSet(h) && !strings.HasPrefix(stateHash.ValueString(), hashPrefix(key)) && sameNames(wo.names(), woNames):
		// Made with another key and not refreshed since (-refresh=false):
		// nothing to compare; the next refresh recomputes it.
		out.hash = stateHash
	case h.IsNull():
		out.hash = h
	default:
		out.hash = types.StringUnknown()
	}
	if out.hash.IsUnknown() || !planVersion.Equal(stateVersion) || !sameNames(wo.names(), woNames) || !wo.known ||
		planEnv.IsUnknown() || out.secrets.IsUnknown() || hasUnknownElement(planEnv) || hasUnknownElement(out.secrets) {
		out.revision = true
	} else if !equalStringMaps(plainValues(planEnv, out.secrets), plainValues(stateEnv, stateSecrets)) {
		out.revision = true
	}
	planned := len(planEnv.Elements()) + len(out.secrets.Elements()) + len(wo.values)
	if wo.known && !planEnv.IsUnknown() && !out.secrets.IsUnknown() && planned == 0 &&
		len(stateEnv.Elements())+len(stateSecrets.Elements())+len(woNames) > 0 {
		out.emptied = true
	}
	return out
}

func sameNames(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func equalStringMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
