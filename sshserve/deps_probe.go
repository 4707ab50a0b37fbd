package sshserve

import (
	_ "charm.land/fang/v2"
	_ "charm.land/wish/v2"
	_ "charm.land/wish/v2/bubbletea"
	_ "github.com/pelletier/go-toml/v2"
	_ "github.com/spf13/cobra"
	_ "golang.org/x/crypto/ssh"
)
