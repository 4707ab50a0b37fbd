package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// Write replaces the content whole, makes the directory, leaves no
// temporary file and the file readable by its owner only; a failed write
// leaves the old content.
func TestWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "state.json")
	for _, want := range []string{"first", "second, longer than the first"} {
		if err := Write(path, []byte(want)); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != want {
			t.Fatalf("read %q, %v; want %q", got, err, want)
		}
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
	// A directory in the file's place: the rename fails, nothing is left.
	dirPath := filepath.Join(filepath.Dir(path), "adir")
	if err := os.Mkdir(dirPath, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dirPath, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(dirPath, []byte("x")); err == nil {
		t.Fatal("wrote over a non-empty directory")
	}
	entries, _ = os.ReadDir(filepath.Dir(path))
	if len(entries) != 2 {
		t.Fatalf("after a failed write: %v", entries)
	}
}
