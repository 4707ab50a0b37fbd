// Package atomicfile writes a file so that a reader, or the file after a
// crash, holds either the old content or the new, never a mix: the
// acknowledgement outbox (client) and the webhook's state (webhook).
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write writes b to path (mode 0600; its directory made 0700 when
// missing) through a temporary file in the same directory, fsynced and
// renamed over path, then fsyncs the directory so the rename is durable.
// On an error path is untouched and the temporary file removed.
func Write(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(name, path); err != nil {
		return err
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: the rename is durable once the directory is
		d.Close()
	}
	return nil
}
