package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// urlPattern accepts absolute http(s) URLs with a host; checkURL does the full parse.
var urlPattern = regexp.MustCompile(`^https?://[^/?#\s]+[^?#\s]*$`)

// isUUID reports whether s is a canonical, hyphenated UUID (what the API's
// path and body validation accepts).
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// checkURL returns why raw is not an absolute http(s) URL with a host, or nil.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a valid URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("the scheme must be http or https, got %q", u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("the URL has no host")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("the URL must not carry a query or fragment")
	}
	return nil
}

type uuidStringValidator struct{}

// uuidValidator fails plan when a known string is not a UUID.
func uuidValidator() validator.String { return uuidStringValidator{} }

func (uuidStringValidator) Description(context.Context) string {
	return "value must be a UUID such as 123e4567-e89b-12d3-a456-426614174000"
}

func (v uuidStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v uuidStringValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if !isUUID(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid UUID",
			fmt.Sprintf("%s must be a UUID such as 123e4567-e89b-12d3-a456-426614174000, got %q.", req.Path, req.ConfigValue.ValueString()))
	}
}
