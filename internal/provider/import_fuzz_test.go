package provider

import (
	"regexp"
	"strings"
	"testing"
)

// canonicalUUIDRE is the 8-4-4-4-12 hex form, either case: the only form an
// import ID may use.
var canonicalUUIDRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// FuzzParseImportID checks that parseImportID never panics, and that when it
// accepts an ID the deployment ID is a UUID, the workspace ID is "" or a UUID,
// and together they are exactly the (trimmed) input, so terraform import
// never records an ID the user did not type.
func FuzzParseImportID(f *testing.F) {
	const dep = "5f0c6a1e-2b3d-4c5e-9f60-718293a4b5c6"
	const ws = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d"
	for _, seed := range []string{
		// Both accepted forms, with surrounding space and upper case.
		dep, ws + "/" + dep, "  " + dep + "\n", strings.ToUpper(ws + "/" + dep),
		// Garbage and near misses.
		"", " ", "/", "//", dep + "/", "/" + dep, ws + "/" + dep + "/" + dep, ws + "//" + dep,
		"not-a-uuid", "x/" + dep, ws + "/x", "5f0c6a1e2b3d4c5e9f60718293a4b5c6",
		"{" + dep + "}", "urn:uuid:" + dep, dep + " ", ws + " / " + dep,
		"5f0c6a1e-2b3d-4c5e-9f60-718293a4b5cg", "5f0c6a1e_2b3d_4c5e_9f60_718293a4b5c6",
		"\x00", "\xff\xfe", "é/" + dep, strings.Repeat("/", 100),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		workspaceID, id, err := parseImportID(raw)
		if err != nil {
			if workspaceID != "" || id != "" {
				t.Errorf("parseImportID(%q) failed (%v) but returned %q, %q", raw, err, workspaceID, id)
			}
			if err.Error() == "" {
				t.Errorf("parseImportID(%q) returned an empty error", raw)
			}
			return
		}
		if !canonicalUUIDRE.MatchString(id) {
			t.Errorf("parseImportID(%q) accepted deployment ID %q, which is not a UUID", raw, id)
		}
		if workspaceID != "" && !canonicalUUIDRE.MatchString(workspaceID) {
			t.Errorf("parseImportID(%q) accepted workspace ID %q, which is not a UUID", raw, workspaceID)
		}
		want := id
		if workspaceID != "" {
			want = workspaceID + "/" + id
		}
		if got := strings.TrimSpace(raw); got != want {
			t.Errorf("parseImportID(%q) = %q, %q, which does not spell the input %q", raw, workspaceID, id, got)
		}
	})
}
