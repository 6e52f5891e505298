package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/mockapi"
)

func TestCheckListenerNamespace_allowedNamespaces(t *testing.T) {
	env := acctest.NewEnv(t, mockapi.Options{})
	restricted := apiListener(t, env, "restricted", []string{"agents", "batch"})
	open := apiListener(t, env, "open", nil)
	empty := apiListener(t, env, "empty", []string{})
	c := apiClient(env)
	for _, tc := range []struct {
		listener, namespace string
		wantAllowed         []string
		wantOK              bool
	}{
		{restricted.ID, "agents", []string{"agents", "batch"}, true},
		{restricted.ID, "default", []string{"agents", "batch"}, false},
		{open.ID, "anything", nil, true},
		{empty.ID, "anything", []string{}, true},
	} {
		allowed, ok, err := checkListenerNamespace(context.Background(), c, tc.listener, tc.namespace)
		if err != nil || ok != tc.wantOK || fmt.Sprint(allowed) != fmt.Sprint(tc.wantAllowed) {
			t.Errorf("checkListenerNamespace(%s, %q) = %v, %v, %v; want %v, %v, nil", tc.listener, tc.namespace, allowed, ok, err, tc.wantAllowed, tc.wantOK)
		}
	}
	if got := env.Mock.Count(routeGetListener); got != 4 {
		t.Errorf("want one GET per check, got %d", got)
	}
	_, ok, err := checkListenerNamespace(context.Background(), c, "0b6c0a53-8d0e-4c89-9d51-2bd2b3a45e10", "agents")
	if ok || !langsmith.IsNotFound(err) {
		t.Errorf("unknown listener: ok %v, err %v; want false and a 404", ok, err)
	}
}
