//go:build unix

package client

import (
	"io/fs"
	"syscall"
)

// inode returns the inode number of fi, which changes on every atomic
// rewrite of the outbox.
func inode(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino) //nolint:unconvert // Ino is not uint64 on every platform
	}
	return 0
}
