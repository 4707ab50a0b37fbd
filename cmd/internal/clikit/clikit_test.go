package clikit

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/spf13/cobra"
)

func TestExitCode(t *testing.T) {
	cmd := &cobra.Command{Use: "x"}
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{context.Canceled, 1},
		{ConfigError(context.Canceled), 2},
		{Usagef(cmd, "bad"), 2},
		{fmt.Errorf("wrapped: %w", UsageError(cmd, errors.New("bad"))), 2},
		{Failure(errors.New("unknown flag: looks like usage but is not")), 1},
		{errors.New("unknown flag: --nope"), 2},
		{errors.New("accepts 1 arg(s), received 2"), 2},
	} {
		if got := ExitCode(tc.err); got != tc.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

func TestFlagErrorNamesTheTwoDashForm(t *testing.T) {
	cmd := &cobra.Command{Use: "serve"}
	cmd.Flags().String("addr", "", "")
	err := FlagError(cmd, errors.New("unknown shorthand flag: 'a' in -addr=127.0.0.1:1"))
	if ExitCode(err) != 2 || err.Error() != "-addr=127.0.0.1:1: long flags take two dashes: --addr" {
		t.Errorf("got %v (exit %d)", err, ExitCode(err))
	}
	err = FlagError(cmd, errors.New("unknown shorthand flag: 'q' in -qux"))
	if ExitCode(err) != 2 || err.Error() != "unknown shorthand flag: 'q' in -qux" {
		t.Errorf("an unknown name: got %v", err)
	}
}

func TestReflow(t *testing.T) {
	got := Reflow("\nOne paragraph\nwrapped here.\n\nAnother,\n  indented.\n")
	if want := "One paragraph wrapped here.\n\nAnother, indented."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
