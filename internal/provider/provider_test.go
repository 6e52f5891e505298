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
	"langsmith": providerserver.NewProtocol6WithError(New("test")()),
}

func TestMain(m *testing.M) {
	acctest.TerraformPath()
	// Poll quickly against the in-process mock; the schedule's shape is
	// unit-tested in wait_test.go.
	defaultPoll = pollSchedule{first: 10 * time.Millisecond, min: 20 * time.Millisecond, max: 200 * time.Millisecond, divisor: 8}
	os.Exit(m.Run())
}
