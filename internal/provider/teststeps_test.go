package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
)

// Steps and plan checks that assert on the mock where TestCase.CheckDestroy
// cannot. terraform-plugin-testing runs CheckDestroy only when the state is
// not empty at the end of the test: never after a Destroy step, nor when
// every step failed before anything reached state. A Check on a Destroy step
// runs, but only after terraform refreshed again, which makes API calls of
// its own. So a test that must assert on the API in those cases ends with
// one of the PlanOnly steps below, whose PostApplyPreRefresh plan checks run
// before any refresh: they see exactly the calls the previous steps made.

// nothingCreatedStep follows a step whose create the API refused. Nothing is
// in state then, so TestCase.CheckDestroy would never run: this step's
// non-refreshing plan checks the calls the failed step made, that the plan
// still creates the deployment (nothing reached state), and the mock's state.
//
// A deployment create looks the name up in every plan (see createCalls): the
// failed step's plan and apply each did, and this step's plan does once
// more, so three lookups are added to failedStepCalls.
func nothingCreatedStep(env *acctest.Env, cfg string, failedStepCalls map[string]int, checks ...resource.TestCheckFunc) resource.TestStep {
	calls := map[string]int{routeList: 3}
	for k, v := range failedStepCalls {
		calls[k] += v
	}
	return nothingCreatedStepFor(env, deploymentAddr, cfg, calls, checks...)
}

// nothingCreatedStepFor is nothingCreatedStep for the resource at addr.
func nothingCreatedStepFor(env *acctest.Env, addr, cfg string, failedStepCalls map[string]int, checks ...resource.TestCheckFunc) resource.TestStep {
	return resource.TestStep{
		Config:             cfg,
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: append([]plancheck.PlanCheck{
			expectCallsNow(env, failedStepCalls),
			plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
		}, mockChecks(checks...)...)},
	}
}

// afterDestroyStep follows a Destroy step. The state is empty then, so
// TestCase.CheckDestroy would never run, and a Check on the Destroy step
// itself makes terraform refresh again: this step plans a configuration
// without resources and checks the calls the destroy made and the mock's
// state. It also ends tests whose steps all failed before anything reached
// state (plan-time validation, data source errors), to check the calls
// those steps made.
func afterDestroyStep(env *acctest.Env, destroyCalls map[string]int, checks ...resource.TestCheckFunc) resource.TestStep {
	return resource.TestStep{
		Config:   env.ProviderConfig(),
		PlanOnly: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: append([]plancheck.PlanCheck{
			expectCallsNow(env, destroyCalls),
			plancheck.ExpectEmptyPlan(),
		}, mockChecks(checks...)...)},
	}
}

// stateKeptStep follows a step whose refresh failed. Before it refreshes, its
// non-refreshing plan checks the calls the failed step made and that the
// deployment is still in state (an empty plan, not a create); the refreshing
// plan, with the fault gone, is empty too.
func stateKeptStep(env *acctest.Env, cfg string, failedStepCalls map[string]int) resource.TestStep {
	return resource.TestStep{
		Config:   cfg,
		PlanOnly: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPreRefresh:  []plancheck.PlanCheck{expectCallsNow(env, failedStepCalls), plancheck.ExpectEmptyPlan()},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
	}
}

// expectCallsNow is a plan check that the mock saw exactly these calls since
// the last reset (see acctest.Env.ExpectCalls), at the time of the plan.
func expectCallsNow(env *acctest.Env, want map[string]int) plancheck.PlanCheck {
	return funcPlanCheck(func() error { return env.CheckCalls(want) })
}

// mockChecks runs checks that look only at the mock (they get a nil state)
// as plan checks. They run in order, after the plan checks before them: a
// check that calls the API itself counts after an expectCallsNow before it.
func mockChecks(checks ...resource.TestCheckFunc) []plancheck.PlanCheck {
	out := make([]plancheck.PlanCheck, len(checks))
	for i, check := range checks {
		out[i] = funcPlanCheck(func() error { return check(nil) })
	}
	return out
}

// funcPlanCheck is a plan check that ignores the plan and reports f's error.
type funcPlanCheck func() error

func (f funcPlanCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

// expectBefore is a plan check that the deployment under test has want at
// the attribute path in the plan's prior state (what a refresh found).
func expectBefore(want string, attrPath ...string) plancheck.PlanCheck {
	return beforeCheck{addr: deploymentAddr, want: want, path: attrPath}
}

type beforeCheck struct {
	addr, want string
	path       []string
}

func (c beforeCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr || rc.Change == nil {
			continue
		}
		v := rc.Change.Before
		for _, step := range c.path {
			m, _ := v.(map[string]any)
			v = m[step]
		}
		if v != c.want {
			resp.Error = fmt.Errorf("%s: want %s %q before the change, got %v", c.addr, strings.Join(c.path, "."), c.want, v)
		}
		return
	}
	resp.Error = fmt.Errorf("%s: not in the plan", c.addr)
}
