// Package clikit is what the casewatch and casesim command lines share:
// fang's execution with --version from package version, exit statuses
// (0 ok, 1 failure, 2 bad usage), the error printer, and a man page
// command that writes where the command's output goes.
package clikit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/fang/v2"
	"github.com/charmbracelet/colorprofile"
	mango "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/version"
)

// Exit statuses.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// exitError carries the exit status of an error and, for a usage error,
// the command whose --help to suggest.
type exitError struct {
	code int
	err  error
	help string
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// UsageError marks err as bad usage of cmd: exit status 2, with a pointer
// to cmd's --help.
func UsageError(cmd *cobra.Command, err error) error {
	return &exitError{code: ExitUsage, err: err, help: cmd.CommandPath()}
}

// Usagef is UsageError of a formatted message.
func Usagef(cmd *cobra.Command, format string, args ...any) error {
	return UsageError(cmd, fmt.Errorf(format, args...))
}

// ConfigError marks a configuration error (a bad file a flag names, a bad
// setting): exit status 2, no --help pointer (the message says what is
// wrong and where).
func ConfigError(err error) error { return &exitError{code: ExitUsage, err: err} }

// Failure marks err as a failure (exit status 1) whatever it wraps.
func Failure(err error) error { return &exitError{code: ExitFailure, err: err} }

// FlagError is a cobra FlagErrorFunc marking flag-parsing errors as usage
// errors. A long flag given with one dash (-addr, as Go's flag package
// took them) is named with the two it needs.
func FlagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if _, word, ok := strings.Cut(msg, " in -"); ok && strings.HasPrefix(msg, "unknown shorthand flag") {
		name, _, _ := strings.Cut(word, "=")
		if cmd.Flags().Lookup(name) != nil {
			return Usagef(cmd, "-%s: long flags take two dashes: --%s", word, name)
		}
	}
	return UsageError(cmd, err)
}

// ExitCode decides the exit status of what fang.Execute returned. Errors
// marked by UsageError or ConfigError are 2, and so are cobra's own usage
// errors (flags are marked by FlagError; the prefixes catch the rest);
// anything else is a failure, 1.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if isCobraUsage(err) {
		return ExitUsage
	}
	return ExitFailure
}

func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "required flag", "if any flags in the group"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// ErrorHandler prints an error: plainly, "program: ...", when standard
// error is not a terminal (cron, logs, systemd's journal), styled by fang
// otherwise. Usage errors point to --help.
func ErrorHandler(program string) fang.ErrorHandler {
	return func(w io.Writer, st fang.Styles, err error) {
		help := ""
		var ee *exitError
		if errors.As(err, &ee) {
			help = ee.help
		} else if isCobraUsage(err) {
			help = program
		}
		if cw, ok := w.(*colorprofile.Writer); !ok || cw.Profile == colorprofile.NoTTY {
			fmt.Fprintf(w, "%s: %v\n", program, err)
			if help != "" {
				fmt.Fprintf(w, "Try '%s --help' for usage.\n", help)
			}
			return
		}
		fmt.Fprintln(w, st.ErrorHeader.String())
		fmt.Fprintln(w, st.ErrorText.UnsetTransform().Render(err.Error()))
		fmt.Fprintln(w)
		if help != "" {
			fmt.Fprintln(w, st.ErrorText.UnsetWidth().UnsetTransform().Render("Try "+st.Program.Flag.Render(help+" --help")+" for usage."))
			fmt.Fprintln(w)
		}
	}
}

// ManCommand is "man": the man page of the whole command tree (section 1,
// roff) on the command's output, for packages to install as
// /usr/share/man/man1/<program>.1. fang's own man command writes to the
// process's standard output, which tests cannot read; this one replaces it.
func ManCommand() *cobra.Command {
	return &cobra.Command{
		Use:                   "man",
		Short:                 "Print the man page (roff) of every command",
		DisableFlagsInUseLine: true,
		Hidden:                true,
		Args:                  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			defer reflowLong(cmd.Root())()
			page, err := mango.NewManPage(1, cmd.Root())
			if err != nil {
				return fmt.Errorf("man page: %w", err)
			}
			_, err = fmt.Fprint(cmd.OutOrStdout(), page.Build(roff.NewDocument()))
			return err
		},
	}
}

// reflowLong joins the hard-wrapped lines of every command's Long text
// into paragraphs (mango makes each line a paragraph of its own) and
// returns the function that puts the texts back.
func reflowLong(root *cobra.Command) (restore func()) {
	saved := map[*cobra.Command]string{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		saved[c] = c.Long
		c.Long = Reflow(c.Long)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return func() {
		for c, long := range saved {
			c.Long = long
		}
	}
}

// Reflow joins the lines of each paragraph of s (paragraphs are separated
// by a blank line) with spaces.
func Reflow(s string) string {
	paras := strings.Split(strings.TrimSpace(s), "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n\n")
}

// Execute runs root with args through fang, --version printing
// "program <version.Read()>", and returns the exit status.
func Execute(ctx context.Context, root *cobra.Command, args []string, stdout, stderr io.Writer) int {
	if args == nil {
		args = []string{}
	}
	program := root.Name()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate(program + " {{.Version}}\n")
	root.AddCommand(ManCommand())
	err := fang.Execute(ctx, root,
		fang.WithVersion(version.Read().String()),
		fang.WithErrorHandler(ErrorHandler(program)),
		fang.WithoutManpage(),
	)
	return ExitCode(err)
}
