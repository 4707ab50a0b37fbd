// Package cli is the casewatch command line: a cobra command tree styled
// by fang. With no subcommand it runs the dashboard (on the embedded demo
// system when no API is configured); serve-ssh serves the dashboard over
// SSH, snapshot writes a one-shot report, config prints the effective
// configuration, completion writes shell completions. Settings come from
// flags, the environment and the config file (package config).
// cmd/casewatch only calls Main.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/casewatch/casewatch/cmd/internal/clikit"
)

// APIEnv names the environment variable with the case-system URL.
const APIEnv = "CASEWATCH_API"

// WebhookEnv holds notify's webhook URL when --webhook is not given.
const WebhookEnv = "CASEWATCH_WEBHOOK"

// Env is what a run of the command line sees of the outside world; tests
// replace it.
type Env struct {
	// Args are the arguments, without the program name.
	Args []string
	// Stdout and Stderr receive the output.
	Stdout, Stderr io.Writer
	// Getenv reads the environment.
	Getenv func(string) string
	// Now is the clock of snapshot reports.
	Now func() time.Time
}

// Main runs the command line with args and returns the exit status: 0 ok,
// 1 failure (the case system, the terminal, the SSH server), 2 bad usage
// (flags, arguments, configuration).
func Main(args []string, stdout, stderr io.Writer) int {
	return Run(context.Background(), Env{Args: args, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, Now: time.Now})
}

// Run is Main with its world spelled out.
func Run(ctx context.Context, e Env) int {
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	if e.Now == nil {
		e.Now = time.Now
	}
	if addr := e.Getenv(DebugAddrEnv); addr != "" {
		stop, err := startDebugServer(addr)
		if err != nil {
			fmt.Fprintf(e.Stderr, "casewatch: %v\n", err)
			return 2
		}
		defer stop()
	}
	return clikit.Execute(ctx, newRoot(&e), e.Args, e.Stdout, e.Stderr)
}
