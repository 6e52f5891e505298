package provider

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

// The generated acceptance matrix: for every user-settable attribute of every
// resource, from its row of the policy table, steps through the real CLI that
// set it at create, change it, remove it from the configuration, set it empty
// where its type allows and set a value the API normalises. Each step asserts
// the row's outcome: a plan-time refusal, or an apply with no "inconsistent
// result" and an empty plan after it; a change plans the action its row says
// (in place, a new revision, a replacement, Terraform-only), and a plan that
// rolls out a revision leaves unknown only what the table allows (the noise
// budget). Nothing here names an attribute: the table does. make test runs it
// on terraform 1.16.4; testacc-matrix skips it (MATRIX_SKIP).

// matrixResource is how the matrix builds configurations of one resource type.
type matrixResource struct {
	typ   string
	table policyTable
	// base is the configuration a row's value goes into, by the row's source
	// (or "" for resources without sources); nil leaves the row out.
	base func(row *attrPolicy) hclObject
	// extra is HCL the resource needs besides itself (listeners a deployment
	// is placed on), by row.
	extra func(row *attrPolicy) string
	// revision reports whether the resource has revisions (noise budget).
	revision bool
}

// hclObject is a configuration as nested objects whose leaves are HCL
// expressions.
type hclObject map[string]any

func (o hclObject) clone() hclObject {
	out := hclObject{}
	for k, v := range o {
		if inner, ok := v.(hclObject); ok {
			out[k] = inner.clone()
		} else {
			out[k] = v
		}
	}
	return out
}

// with returns a copy with the attribute at the dotted path set to expr
// (objects on the way are created).
func (o hclObject) with(p, expr string) hclObject {
	out := o.clone()
	cur := out
	steps := strings.Split(p, ".")
	for _, s := range steps[:len(steps)-1] {
		next, ok := cur[s].(hclObject)
		if !ok {
			next = hclObject{}
			cur[s] = next
		}
		cur = next
	}
	cur[steps[len(steps)-1]] = expr
	return out
}

// without returns a copy without the attribute at the dotted path.
func (o hclObject) without(p string) hclObject {
	out := o.clone()
	cur := out
	steps := strings.Split(p, ".")
	for _, s := range steps[:len(steps)-1] {
		next, ok := cur[s].(hclObject)
		if !ok {
			return out
		}
		cur = next
	}
	delete(cur, steps[len(steps)-1])
	return out
}

func (o hclObject) render(indent string) string {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		switch v := o[k].(type) {
		case hclObject:
			fmt.Fprintf(&b, "%s%s = {\n%s%s}\n", indent, k, v.render(indent+"  "), indent)
		default:
			fmt.Fprintf(&b, "%s%s = %s\n", indent, k, v)
		}
	}
	return b.String()
}

func (m matrixResource) hcl(o hclObject) string {
	return fmt.Sprintf("resource %q \"test\" {\n%s}\n", m.typ, o.render("  "))
}

const matrixListeners = `
resource "langsmith_listener" "one" {
  compute_id     = "mx-one"
  compute_config = { k8s_namespaces = ["agents", "batch"] }
}

resource "langsmith_listener" "two" {
  compute_id     = "mx-two"
  compute_config = { k8s_namespaces = ["agents", "batch"] }
}
`

// deploymentMatrix builds deployments: external_docker unless the row names a
// source, with one variable (so a row can remove the others) and
// delete_tracing_project = true (so replacements can happen).
var deploymentMatrix = matrixResource{
	typ: "langsmith_deployment", table: deploymentPolicy, revision: true,
	base: func(r *attrPolicy) hclObject {
		vars := hclObject{"environment_variables": `{ BASE = "1" }`}
		if r.path == "environment_variables" {
			vars = hclObject{"secrets": `{ BASE = "1" }`}
		}
		var o hclObject
		source := r.matrix.source
		switch {
		case r.path == "source_config.template_id":
			source = langsmith.SourceInternalTemplate
		case source == "" && len(r.sources) > 0:
			source = r.sources[0]
		case source == "":
			source = langsmith.SourceExternalDocker
		}
		switch source {
		case langsmith.SourceGithub:
			o = hclObject{"source": `"github"`, "source_config": hclObject{"integration_id": fmt.Sprintf("%q", acctest.IntegrationID),
				"repo_url": `"https://github.com/acme/support-agent"`},
				"source_revision_config": hclObject{"repo_ref": `"main"`, "langgraph_config_path": `"langgraph.json"`}}
		case langsmith.SourceInternalTemplate:
			o = hclObject{"source": `"internal_template"`, "source_config": hclObject{"template_id": `"tmpl-1"`}, "source_revision_config": hclObject{}}
		default:
			o = hclObject{"source": `"external_docker"`, "source_config": hclObject{},
				"source_revision_config": hclObject{"image_uri": `"registry.example.com/agent:1.0.0"`}}
			if strings.HasPrefix(r.path, "source_config.listener") {
				o = o.with("source_config.listener_id", "langsmith_listener.one.id")
			}
		}
		o["name"] = `"mx-agent"`
		o["delete_tracing_project"] = "true"
		for k, v := range vars {
			o[k] = v
		}
		return o
	},
	extra: func(r *attrPolicy) string {
		if strings.HasPrefix(r.path, "source_config.listener") {
			return matrixListeners
		}
		return ""
	},
}

var listenerMatrix = matrixResource{
	typ: "langsmith_listener", table: listenerPolicy,
	base: func(*attrPolicy) hclObject { return hclObject{"compute_id": `"mx-cluster"`} },
}

var oauthProviderMatrix = matrixResource{
	typ: "langsmith_oauth_provider", table: oauthProviderPolicy,
	base: func(*attrPolicy) hclObject {
		return hclObject{"provider_id": `"mx-provider"`, "name": `"Acme"`, "client_id": `"client-1"`,
			"auth_url": `"https://auth.example.com/authorize"`, "token_url": `"https://auth.example.com/token"`}
	},
}

var deploymentRedeployMatrix = matrixResource{
	typ: "langsmith_deployment_redeploy", table: deploymentRedeployPolicy,
	base: func(*attrPolicy) hclObject {
		return hclObject{"deployment_id": "langsmith_deployment.app.id", "revision_id": "terraform_data.first.output"}
	},
	extra: func(*attrPolicy) string {
		return `
resource "langsmith_deployment" "app" {
  name                   = "mx-app"
  source                 = "external_docker"
  source_config          = {}
  source_revision_config = { image_uri = "registry.example.com/agent:1.0.0" }
  environment_variables  = { BASE = "1" }
  delete_tracing_project = true
}

resource "terraform_data" "first" {
  input = langsmith_deployment.app.latest_revision_id
  lifecycle { ignore_changes = [input] }
}
`
	},
}

// matrixValue replaces the placeholders of a matrix value for one test.
func matrixValue(expr, secondIntegration string) string {
	return strings.NewReplacer("NAME", "agent", "INTEGRATION_1", acctest.IntegrationID, "INTEGRATION_2", secondIntegration,
		"WORKSPACE_1", acctest.WorkspaceID, "WORKSPACE_2", acctest.OtherWorkspaceID).Replace(expr)
}

// TestAccMatrix_deployment walks every user-settable attribute of
// langsmith_deployment.
func TestAccMatrix_deployment(t *testing.T) { runMatrix(t, deploymentMatrix) }

// TestAccMatrix_listener walks langsmith_listener.
func TestAccMatrix_listener(t *testing.T) { runMatrix(t, listenerMatrix) }

// TestAccMatrix_oauthProvider walks langsmith_oauth_provider.
func TestAccMatrix_oauthProvider(t *testing.T) { runMatrix(t, oauthProviderMatrix) }

// TestAccMatrix_deploymentRedeploy walks langsmith_deployment_redeploy.
func TestAccMatrix_deploymentRedeploy(t *testing.T) { runMatrix(t, deploymentRedeployMatrix) }

// matrixRows are the rows the matrix walks: user-settable, with values.
func matrixRows(table policyTable) []*attrPolicy {
	var out []*attrPolicy
	for i := range table {
		r := &table[i]
		if r.kind.userSettable() && r.kind != kindObject && r.matrix != nil {
			out = append(out, r)
		}
	}
	return out
}

func runMatrix(t *testing.T, m matrixResource) {
	for _, row := range matrixRows(m.table) {
		t.Run(row.path, func(t *testing.T) {
			env := acctest.NewEnv(t, mockapi.Options{})
			second := env.Mock.AddGithubIntegration("acme-two", "acme/support-agent")
			steps := matrixSteps(m, row, env, second)
			if os.Getenv("MATRIX_VERBOSE") != "" {
				t.Logf("%s %s: %d steps", m.typ, row.path, len(steps))
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   writeOnlyCLIs, // secrets_wo is in the tables
				ProtoV6ProviderFactories: testProviders,
				Steps:                    steps,
			})
		})
	}
}

// matrixSteps are the steps of one row.
func matrixSteps(m matrixResource, row *attrPolicy, env *acctest.Env, second string) []resource.TestStep {
	addr := m.typ + ".test"
	provider := env.ProviderConfigWith(fmt.Sprintf("  secrets_wo_hash_key = %q", woHashKey))
	extra := ""
	if m.extra != nil {
		extra = m.extra(row)
	}
	base := m.base(row)
	cfg := func(o hclObject) string { return provider + extra + m.hcl(o) }
	value := func(expr string) hclObject { return base.with(row.path, matrixValue(expr, second)) }
	empty := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
	applied := func(o hclObject, pre ...plancheck.PlanCheck) resource.TestStep {
		return resource.TestStep{Config: cfg(o), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: pre, PostApplyPostRefresh: empty}}
	}
	refused := func(o hclObject) resource.TestStep {
		last := row.steps()[len(row.steps())-1]
		return resource.TestStep{Config: cfg(o), PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)Error: .*` + regexp.QuoteMeta(last))}
	}

	steps := []resource.TestStep{applied(value(row.matrix.set), plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate))}
	last := value(row.matrix.set)
	if row.matrix.change != "" {
		last = value(row.matrix.change)
		steps = append(steps, applied(last, changeChecks(m, row, addr, row.change)...))
	}

	// Refusals are plan-only steps; they come before the steps that apply,
	// so the test ends on a valid configuration (its destroy uses it).
	removed := base.without(row.path)
	refusedRemoval := row.required || row.removal == removalRefused
	if refusedRemoval {
		steps = append(steps, refused(removed))
	}
	if row.matrix.empty != "" && row.empty == emptyRefused {
		steps = append(steps, refused(value(row.matrix.empty)))
	}
	switch {
	case refusedRemoval:
	case row.removal == removalKeepsServer && (row.kind.computed() || row.kind == kindWriteOnly):
		// The server's value stays, and so does state (a write-only
		// attribute has none): nothing to do.
		last = removed
		steps = append(steps, applied(removed, plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)))
	case row.removal == removalReplaces:
		last = removed
		steps = append(steps, applied(removed, plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)))
	default:
		// Cleared (or back to the default): the change its row says.
		last = removed
		steps = append(steps, applied(removed, changeChecks(m, row, addr, row.change)...))
	}
	if row.matrix.empty != "" && row.empty != emptyRefused {
		last = value(row.matrix.empty)
		steps = append(steps, applied(last))
	}
	if row.matrix.normalised != "" {
		last = value(row.matrix.normalised)
		steps = append(steps, applied(last))
	}
	if !steps[len(steps)-1].PlanOnly {
		return steps
	}
	// Only refusals after the last apply: end on the configuration applied last.
	return append(steps, applied(last))
}

// changeChecks are the plan checks of a step that changes row: the action,
// and for a resource with revisions whether one rolls out and which
// attributes the plan may leave unknown.
func changeChecks(m matrixResource, row *attrPolicy, addr string, change changeKind) []plancheck.PlanCheck {
	switch change {
	case changeReplace:
		return []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)}
	case changeLocal:
		return []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate), expectUnknownsWithin(addr)}
	}
	checks := []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}
	revision := m.revision && change == changeRevision
	if m.revision {
		// latest_revision_id is unknown exactly when a revision rolls out.
		if revision {
			checks = append(checks, plancheck.ExpectUnknownValue(addr, tfjsonpath.New("latest_revision_id")))
		} else {
			checks = append(checks, plancheck.ExpectKnownValue(addr, tfjsonpath.New("latest_revision_id"), knownvalue.NotNull()))
		}
	}
	return append(checks, expectUnknownsWithin(addr, allowedUnknowns(m.table, row, revision)...))
}

// volatileRows are the paths of the table's volatile computed rows.
func volatileRows(t policyTable) []string {
	var out []string
	for i := range t {
		if t[i].kind == kindVolatileComputed {
			out = append(out, t[i].path)
		}
	}
	return out
}

// allowedUnknowns is the noise budget of a plan in which row changes: the
// table's volatile computed rows, its revision-describing ones when a
// revision rolls out, and every row derived (directly or through another)
// from row.
func allowedUnknowns(t policyTable, row *attrPolicy, revision bool) []string {
	out := volatileRows(t)
	for i := range t {
		if revision && t[i].kind == kindRevisionComputed {
			out = append(out, t[i].path)
		}
	}
	derived := map[string]bool{row.path: true}
	for changed := true; changed; {
		changed = false
		for i := range t {
			r := &t[i]
			if derived[r.path] {
				continue
			}
			for _, from := range r.derivedFrom {
				if derived[from] {
					derived[r.path], changed = true, true
					out = append(out, r.path)
					break
				}
			}
		}
	}
	return out
}

// TestMatrix_coversEveryUserSettableAttribute fails when a user-settable
// attribute of a resource has no matrix values, unless it is one the matrix
// cannot walk, with the reason here.
func TestMatrix_coversEveryUserSettableAttribute(t *testing.T) {
	notWalked := map[string]string{
		"langsmith_deployment.source": "changing it changes which other attributes apply; TestAccDeployment_planTimeValidation " +
			"covers the sources",
		"langsmith_deployment_redeploy.deployment_id": "a reference to a deployment; TestAccDeploymentRedeploy_* change it",
		"langsmith_deployment_redeploy.revision_id":   "a reference to a revision; TestAccDeploymentRedeploy_* change it",
		"langsmith_deployment_redeploy.workspace_id": "its deployment's workspace, which a redeploy cannot leave; " +
			"TestAccDeploymentRedeploy_otherWorkspace covers it",
		"langsmith_listener.compute_type":                    "one value exists (k8s)",
		"langsmith_deployment.source_config.listener_config": "walked through source_config.listener_config.k8s_namespace",
		"langsmith_deployment.source_config.resource_spec":   "walked through its attributes",
	}
	for _, m := range []matrixResource{deploymentMatrix, listenerMatrix, oauthProviderMatrix, deploymentRedeployMatrix} {
		for i := range m.table {
			r := &m.table[i]
			if !r.kind.userSettable() || r.kind == kindObject || r.matrix != nil {
				continue
			}
			if _, ok := notWalked[m.typ+"."+r.path]; !ok {
				t.Errorf("%s.%s (%s) has no matrix values: add them to its row, or say here why it cannot be walked", m.typ, r.path, r.class())
			}
		}
	}
}

// TestMatrix_size reports, per resource, the policy table's rows, the rows
// the generated matrix walks and its steps (go test -run TestMatrix_size -v);
// it fails if a walked row has no steps.
func TestMatrix_size(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	second := env.Mock.AddGithubIntegration("acme-two", "acme/support-agent")
	var rows, walked, steps int
	for _, m := range []matrixResource{deploymentMatrix, listenerMatrix, oauthProviderMatrix, deploymentRedeployMatrix} {
		n := 0
		for _, row := range matrixRows(m.table) {
			s := len(matrixSteps(m, row, env, second))
			if s == 0 {
				t.Errorf("%s.%s: no steps", m.typ, row.path)
			}
			n += s
		}
		t.Logf("%s: %d table rows, %d walked, %d steps", m.typ, len(m.table), len(matrixRows(m.table)), n)
		rows, walked, steps = rows+len(m.table), walked+len(matrixRows(m.table)), steps+n
	}
	t.Logf("total: %d table rows, %d walked attributes, %d steps", rows, walked, steps)
}
