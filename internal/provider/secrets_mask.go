package provider

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// sensitiveValues are the secret values this provider process has seen: the
// API key and every secret it sends or reads (variables in secrets and
// secrets_wo, OAuth client secrets). Every log line the provider writes is
// masked with them, and so is every diagnostic it builds from an API answer
// (an API may echo a rejected value back). A tflog mask set on the context of
// one call does not reach the others, so the mask is applied where each line
// is written: the client's request log and the start of every call.
type sensitiveValues struct {
	mu     sync.RWMutex
	values map[string]bool
	sorted []string // longest first, so a secret containing another is masked whole
}

// minMaskedLength leaves very short values alone: masking every "a" would
// garble the logs without protecting anything.
const minMaskedLength = 4

// add records values to mask.
func (s *sensitiveValues) add(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = map[string]bool{}
	}
	changed := false
	for _, v := range values {
		if len(v) >= minMaskedLength && !s.values[v] {
			s.values[v] = true
			changed = true
		}
	}
	if !changed {
		return
	}
	s.sorted = s.sorted[:0]
	for v := range s.values {
		s.sorted = append(s.sorted, v)
	}
	sort.Slice(s.sorted, func(i, j int) bool { return len(s.sorted[i]) > len(s.sorted[j]) })
}

func (s *sensitiveValues) list() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string(nil), s.sorted...)
}

// mask returns ctx with every known secret masked in log messages and
// field values.
func (s *sensitiveValues) mask(ctx context.Context) context.Context {
	values := s.list()
	if len(values) == 0 {
		return ctx
	}
	ctx = tflog.MaskMessageStrings(ctx, values...)
	return tflog.MaskAllFieldValuesStrings(ctx, values...)
}

// redact replaces every known secret in text.
func (s *sensitiveValues) redact(text string) string {
	for _, v := range s.list() {
		text = strings.ReplaceAll(text, v, "***")
	}
	return text
}

// secretsOf registers values with d's mask and returns ctx masked with every
// secret known so far; nil data (validation without a configured provider)
// changes nothing.
func (d *providerData) secretsOf(ctx context.Context, values ...string) context.Context {
	if d == nil || d.sensitive == nil {
		return ctx
	}
	d.sensitive.add(values...)
	return d.sensitive.mask(ctx)
}

// mapValues returns the known string values of m.
func mapValues(m attrMap) []string {
	var out []string
	for _, v := range m.Elements() {
		if s, ok := v.(types.String); ok && isSet(s) {
			out = append(out, s.ValueString())
		}
	}
	return out
}

type attrMap = types.Map
