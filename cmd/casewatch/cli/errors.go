package cli

import (
	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/cmd/internal/clikit"
)

// usageError marks err as bad usage of cmd: exit status 2, with a
// pointer to cmd's --help.
func usageError(cmd *cobra.Command, err error) error { return clikit.UsageError(cmd, err) }

// usagef is usageError of a formatted message.
func usagef(cmd *cobra.Command, format string, args ...any) error {
	return clikit.Usagef(cmd, format, args...)
}

// configError marks a configuration error: exit status 2, no --help
// pointer (the message says what is wrong and where).
func configError(err error) error { return clikit.ConfigError(err) }

// flagError marks flag-parsing errors as usage errors.
func flagError(cmd *cobra.Command, err error) error { return clikit.FlagError(cmd, err) }

// exitCode is the exit status of what the command returned (clikit.ExitCode).
func exitCode(err error) int { return clikit.ExitCode(err) }
