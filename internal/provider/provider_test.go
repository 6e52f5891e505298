package provider

import (
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/langsmith-terraform/terraform-provider-langsmith/internal/acctest"
)

// testProviders runs the provider in the test process, so tests can reach
// the mock's counters and the poll schedule.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"langsmith": providerserver.NewProtocol6WithError(&langsmithProvider{version: "test", poll: testPoll}),
}

// testPoll polls quickly against the in-process mock; the schedule's shape
// is unit-tested in provider_unit_test.go.
var testPoll = pollSchedule{first: 10 * time.Millisecond, min: 20 * time.Millisecond, max: 200 * time.Millisecond, divisor: 8}

func TestMain(m *testing.M) {
	acctest.TerraformPath()
	os.Exit(m.Run())
}
