package mockapi

import (
	"fmt"
	"strings"
	"testing"
)

// TestList_tagValueIDs: tag_value_ids lists the deployments carrying every
// listed tag value; TagDeployment is the way to tag one.
func TestList_tagValueIDs(t *testing.T) {
	a := newTestAPI(t, Options{})
	const (
		teamA = "3b1f6c2d-8e4a-4f5b-9c6d-7e8f9a0b1c2d"
		prod  = "4c2a7d3e-9f5b-4a6c-8d7e-8f9a0b1c2d3e"
		other = "5d3b8e4f-0a6c-4b7d-9e8f-9a0b1c2d3e4f"
	)
	one := a.must(201, "POST", "/v2/deployments", githubBody("one"))["id"].(string)
	two := a.must(201, "POST", "/v2/deployments", githubBody("two"))["id"].(string)
	a.must(201, "POST", "/v2/deployments", githubBody("three"))
	if !a.srv.TagDeployment(one, teamA, prod) || !a.srv.TagDeployment(two, strings.ToUpper(teamA)) {
		t.Fatal("TagDeployment refused a deployment that exists")
	}
	if a.srv.TagDeployment("5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6", teamA) || a.srv.TagDeployment(two, "team-a") {
		t.Fatal("TagDeployment accepted an unknown deployment or a tag value that is not a UUID")
	}

	names := func(query string) string {
		t.Helper()
		var out []string
		for _, r := range a.must(200, "GET", "/v2/deployments?"+query, nil)["resources"].([]any) {
			out = append(out, r.(map[string]any)["name"].(string))
		}
		return fmt.Sprint(out)
	}
	for query, want := range map[string]string{
		"tag_value_ids=" + teamA:                           "[two one]",
		"tag_value_ids=" + prod:                            "[one]",
		"tag_value_ids=" + teamA + "," + prod:              "[one]", // every listed value
		"tag_value_ids=" + teamA + ",%20" + prod:           "[one]", // spaces around parts are trimmed
		"tag_value_ids=" + other:                           "[]",
		"tag_value_ids=" + teamA + "&name=two":             "[two]",
		"tag_value_ids=" + strings.ToUpper(prod):           "[one]",
		"deployment_ids=" + one + "," + two:                "[two one]", // any listed ID
		"deployment_ids=" + two + "&tag_value_ids=" + prod: "[]",
	} {
		if got := names(query); got != want {
			t.Errorf("GET /v2/deployments?%s = %s, want %s", query, got, want)
		}
	}
}

// TestList_malformedIDLists: a part of deployment_ids or tag_value_ids that
// is not a UUID is a 422 uuid_parsing naming its index, never a filter that
// silently matches nothing.
func TestList_malformedIDLists(t *testing.T) {
	a := newTestAPI(t, Options{})
	id := a.must(201, "POST", "/v2/deployments", githubBody("one"))["id"].(string)
	list := wantErrors(t, a.do("GET", "/v2/deployments?tag_value_ids="+id+",team-a", nil), "uuid_parsing", loc("query", "tag_value_ids", 1.0))
	if e := list[0].(map[string]any); e["input"] != "team-a" || !strings.HasPrefix(e["msg"].(string), "Input should be a valid UUID, ") {
		t.Errorf("error = %v", e)
	}
	wantErrors(t, a.do("GET", "/v2/deployments?deployment_ids=nope,"+id, nil), "uuid_parsing", loc("query", "deployment_ids", 0.0))
	wantErrors(t, a.do("GET", "/v2/deployments?deployment_ids="+id+",", nil), "uuid_parsing", loc("query", "deployment_ids", 1.0))
	wantErrors(t, a.do("GET", "/v2/deployments?tag_value_ids=", nil), "uuid_parsing", loc("query", "tag_value_ids", 0.0))
	wantErrors(t, a.do("GET", "/v2/deployments?deployment_ids=x&tag_value_ids=y", nil),
		"uuid_parsing", loc("query", "deployment_ids", 0.0), "uuid_parsing", loc("query", "tag_value_ids", 0.0))
}
