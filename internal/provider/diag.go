package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/langsmith"
)

// errorDetail turns a client error into a diagnostic detail: what was being
// done, the HTTP status and the API's own message, and what the user can do.
// what is a phrase such as `deployment "abc"`.
func errorDetail(data *providerData, what string, err error) string {
	if data != nil && data.sensitive != nil {
		// An API may echo a rejected value back; none reaches the user's terminal or logs.
		return data.sensitive.redact(errorDetailText(data, what, err))
	}
	return errorDetailText(data, what, err)
}

// errorDetailText is errorDetail before redaction.
func errorDetailText(data *providerData, what string, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "LangSmith API error for %s: %s", what, err.Error())

	var apiErr *langsmith.APIError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		b.WriteString("\n\nThe operation ran out of time. Raise the matching value in the resource's timeouts attribute " +
			"if the API is slow, then run terraform apply again.")
	case errors.Is(err, context.Canceled):
		b.WriteString("\n\nThe operation was cancelled before the API answered.")
	case errors.As(err, &apiErr):
		switch apiErr.StatusCode {
		case 401:
			b.WriteString("\n\nThe API key was rejected. Check the provider's api_key attribute or the " + envAPIKey +
				" environment variable, and that the key has not been revoked.")
		case 404, 405:
			if langsmith.IsRouteMissing(err) {
				base := "the control-plane URL"
				if data != nil && data.client != nil {
					base = data.client.BaseURL()
				}
				fmt.Fprintf(&b, "\n\nThe server at %s has no route %s %s. Either control_plane_url is wrong (it is the "+
					"API's base URL, without /v2: for example %s), or the server is older than this feature.",
					base, apiErr.Method, apiErr.Path, defaultControlPlaneURL)
			}
		case 403:
			ws := "the key's default workspace (no workspace_id is set)"
			if apiErr.Workspace != "" {
				ws = "workspace " + apiErr.Workspace
			} else if data != nil && data.workspaceID != "" {
				ws = "workspace " + data.workspaceID
			}
			b.WriteString("\n\nThe API key is not allowed to do this in " + ws + ". Check that the key belongs to that " +
				"workspace's organization, that organization-scoped keys are given a workspace_id (or " + envWorkspaceID +
				"), and that LangSmith Deployment is enabled for the organization.")
		case 422:
			if len(apiErr.Validation) > 0 {
				b.WriteString("\n\nThe API rejected these fields:")
				for _, v := range apiErr.Validation {
					fmt.Fprintf(&b, "\n  - %s: %s", locString(v.Loc), v.Msg)
				}
			}
		case 429:
			b.WriteString("\n\nThe API kept rate-limiting the requests after the provider's retries. Wait a little and " +
				"run terraform again, or lower -parallelism.")
		case 500, 502, 503, 504:
			fmt.Fprintf(&b, "\n\nThe API or a proxy in front of it answered %d. The provider repeats what is safe to "+
				"repeat (reads, deletes and changes that roll out no revision, on 429, 502, 503 and 504, with backoff; checks "+
				"during a wait, on any 5xx) and looks a create or a new revision up instead of sending it twice. Run terraform "+
				"again later; nothing that the API did not accept was recorded in state.", apiErr.StatusCode)
		}
	}
	if errors.As(err, &apiErr) && apiErr.RequestID != "" {
		fmt.Fprintf(&b, "\n\nRequest ID (give it to LangSmith support if you contact them): %s", apiErr.RequestID)
	}
	return b.String()
}

func locString(loc []any) string {
	parts := make([]string, 0, len(loc))
	for _, p := range loc {
		parts = append(parts, fmt.Sprint(p))
	}
	return strings.Join(parts, ".")
}

// apiErrorPath returns the attribute a 422 from the API is about, when its
// first error's loc (["body", "source_config", "resource_spec", "cpu"])
// names an attribute of table: the longest such prefix of its names, so the
// diagnostic points at the nested attribute in the configuration.
func apiErrorPath(table policyTable, err error) (path.Path, bool) {
	var apiErr *langsmith.APIError
	if !errors.As(err, &apiErr) || len(apiErr.Validation) == 0 {
		return path.Empty(), false
	}
	loc := apiErr.Validation[0].Loc
	if len(loc) < 2 || loc[0] != "body" {
		return path.Empty(), false
	}
	var names []string
	for _, part := range loc[1:] {
		s, ok := part.(string)
		if !ok {
			break
		}
		names = append(names, s)
	}
	for n := len(names); n > 0; n-- {
		if row := table.row(strings.Join(names[:n], ".")); row != nil {
			return row.tfPath(), true
		}
	}
	return path.Empty(), false
}

// addAPIError reports an API error, at the attribute it is about when the
// API names one (a 422's loc) that table has.
func addAPIError(diags *diag.Diagnostics, table policyTable, summary, detail string, err error) {
	if p, ok := apiErrorPath(table, err); ok {
		diags.AddAttributeError(p, summary, detail)
		return
	}
	diags.AddError(summary, detail)
}
