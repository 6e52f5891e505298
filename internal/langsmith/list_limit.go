package langsmith

import "context"

// ListDeploymentsUpTo is ListDeployments stopping after maxItems
// deployments (maxItems <= 0: all of them): pages of up to 100 are read
// until maxItems is reached or a page comes back short, and the last page
// asks for no more than are still wanted. For callers with a limit of their
// own, such as Terraform's list blocks.
func (c *Client) ListDeploymentsUpTo(ctx context.Context, p ListDeploymentsParams, maxItems int) ([]Deployment, error) {
	return listPages(ctx, c, "/v2/deployments", p.query(), p.PageSize, maxItems, func(d Deployment) string { return d.ID })
}

// ListListenersUpTo is ListListeners stopping after maxItems listeners
// (maxItems <= 0: all of them), as ListDeploymentsUpTo does.
func (c *Client) ListListenersUpTo(ctx context.Context, maxItems int) ([]Listener, error) {
	return listPages(ctx, c, "/v2/listeners", nil, 100, maxItems, func(l Listener) string { return l.ID })
}
