package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/fang/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
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

// usageError marks err as bad usage of cmd: exit status 2, with a
// pointer to cmd's --help.
func usageError(cmd *cobra.Command, err error) error {
	return &exitError{code: exitUsage, err: err, help: cmd.CommandPath()}
}

// usagef is usageError of a formatted message.
func usagef(cmd *cobra.Command, format string, args ...any) error {
	return usageError(cmd, fmt.Errorf(format, args...))
}

// configError marks a configuration error: exit status 2, no --help
// pointer (the message says what is wrong and where).
func configError(err error) error { return &exitError{code: exitUsage, err: err} }

// exitCode decides the exit status of what fang.Execute returned. Errors
// marked by usageError are 2, and so are cobra's own usage errors (flags
// are marked by the FlagErrorFunc; the prefixes catch the rest); anything
// else is a failure, 1.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if isCobraUsage(err) {
		return exitUsage
	}
	return exitFailure
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

// flagError marks flag-parsing errors as usage errors.
func flagError(cmd *cobra.Command, err error) error { return usageError(cmd, err) }

// errorHandler prints an error: plainly, "casewatch: ...", when standard
// error is not a terminal (cron, logs), styled by fang otherwise. Usage
// errors point to --help.
func errorHandler(w io.Writer, st fang.Styles, err error) {
	help := ""
	var ee *exitError
	if errors.As(err, &ee) {
		help = ee.help
	} else if isCobraUsage(err) {
		help = "casewatch"
	}
	if cw, ok := w.(*colorprofile.Writer); !ok || cw.Profile == colorprofile.NoTTY {
		fmt.Fprintf(w, "casewatch: %v\n", err)
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
