package provider

import (
	"context"
	"slices"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// checkListenerNamespace reads the listener (one GET) and reports whether a
// deployment may be placed in namespace: allowed is the listener's
// compute_config.k8s_namespaces, and a listener whose list is null or empty
// allows any namespace. The error is the client's, so a missing listener is
// one for which langsmith.IsNotFound is true.
func checkListenerNamespace(ctx context.Context, c *langsmith.Client, listenerID, namespace string) (allowed []string, ok bool, err error) {
	l, err := c.GetListener(ctx, listenerID)
	if err != nil {
		return nil, false, err
	}
	allowed = l.ComputeConfig.K8sNamespaces
	if len(allowed) == 0 {
		return allowed, true, nil
	}
	return allowed, slices.Contains(allowed, namespace), nil
}
