// Command procwrap stands in for a provider binary in the benchmark, so that
// the exact CPU time and peak memory of every provider process terraform
// starts can be measured: terraform is the provider's parent and reaps it,
// so the benchmark cannot. tools/bench installs it as
// terraform-provider-langsmith in the dev_overrides directory, next to a file
// procwrap.target holding the path of the real binary. It runs that binary
// with the same arguments, standard streams and environment (the plugin
// handshake and the gRPC socket go straight to terraform), and when it exits
// writes the child's rusage to $LANGSMITH_BENCH_RUSAGE_DIR/<pid>.rusage as
// "<user ns> <system ns> <max RSS KiB>", then exits with the child's status.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// TargetFile is the name of the file, next to the wrapper, that holds the
// path of the binary to run.
const TargetFile = "procwrap.target"

// RusageDirEnv names the directory the rusage files go to.
const RusageDirEnv = "LANGSMITH_BENCH_RUSAGE_DIR"

func main() {
	os.Exit(run())
}

func run() int {
	self, err := os.Executable()
	if err != nil {
		return fail(err)
	}
	target, err := os.ReadFile(filepath.Join(filepath.Dir(self), TargetFile))
	if err != nil {
		return fail(err)
	}
	// The child lives as long as terraform keeps it: nothing here cancels it.
	cmd := exec.CommandContext(context.Background(), strings.TrimSpace(string(target)), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return fail(err)
	}
	// Signals meant for the provider reach it (the plugin protocol's own
	// shutdown goes over gRPC, straight to the child).
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	err = cmd.Wait()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return fail(err)
	}
	if dir := os.Getenv(RusageDirEnv); dir != "" {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			line := fmt.Sprintf("%d %d %d\n", ru.Utime.Nano(), ru.Stime.Nano(), ru.Maxrss)
			name := filepath.Join(dir, strconv.Itoa(cmd.ProcessState.Pid())+".rusage")
			if err := os.WriteFile(name, []byte(line), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "procwrap:", err)
			}
		}
	}
	return cmd.ProcessState.ExitCode()
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "procwrap:", err)
	return 1
}
