package cli

import (
	"github.com/spf13/cobra"

	"github.com/casewatch/casewatch/config"
)

func newConfigCmd(e *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration and where each value comes from",
		Long: `Print the effective configuration as a TOML document, each value followed by
its source: default, file:<path>:<line>, env:NAME or flag:--name. The
bearer token is never printed, only whether one is set and where from.
The output is a valid config file.`,
		Example: "casewatch config --api http://127.0.0.1:8470 --lang en",
		Args:    noArgs,
	}
	var all []string
	for _, s := range config.Settings() {
		all = append(all, s.Key)
	}
	sf := addSettings(cmd, all...)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := loadConfig(e, cmd, sf)
		if err != nil {
			return err
		}
		return cfg.Write(cmd.OutOrStdout(), e.Getenv)
	}
	return cmd
}
