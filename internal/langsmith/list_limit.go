package langsmith

import (
	"context"
	"net/url"
	"strings"
)

// ListDeploymentsUpTo is ListDeployments stopping after maxItems
// deployments (maxItems <= 0: all of them): pages of up to 100 are read
// until maxItems is reached or a page comes back short, and the last page
// asks for no more than are still wanted. For callers with a limit of their
// own, such as Terraform's list blocks.
func (c *Client) ListDeploymentsUpTo(ctx context.Context, p ListDeploymentsParams, maxItems int) ([]Deployment, error) {
	q := url.Values{}
	for key, v := range map[string]string{
		"name":            p.Name,
		"name_contains":   p.NameContains,
		"status":          p.Status,
		"deployment_type": p.DeploymentType,
		"image_version":   p.ImageVersion,
		"deployment_ids":  strings.Join(p.DeploymentIDs, ","),
	} {
		if v != "" {
			q.Set(key, v)
		}
	}
	return listPages(ctx, c, "/v2/deployments", q, p.PageSize, maxItems, func(d Deployment) string { return d.ID })
}

// ListListenersUpTo is ListListeners stopping after maxItems listeners
// (maxItems <= 0: all of them), as ListDeploymentsUpTo does.
func (c *Client) ListListenersUpTo(ctx context.Context, maxItems int) ([]Listener, error) {
	return listPages(ctx, c, "/v2/listeners", nil, 100, maxItems, func(l Listener) string { return l.ID })
}
