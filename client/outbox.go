package client

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// outboxFile is the on-disk form of the outbox.
type outboxFile struct {
	Version int            `json:"version"`
	Pending []outboxRecord `json:"pending"`
}

type outboxRecord struct {
	AlertID   string    `json:"alert_id"`
	By        string    `json:"by"`
	Note      string    `json:"note"`
	Key       string    `json:"key"`
	QueuedAt  time.Time `json:"queued_at"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
}

// DefaultOutboxPath returns $XDG_STATE_HOME/casewatch/outbox.json, or
// ~/.local/state/casewatch/outbox.json when XDG_STATE_HOME is not set.
func DefaultOutboxPath() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "casewatch", "outbox.json"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no state directory for the acknowledgement outbox: %w", err)
	}
	return filepath.Join(home, ".local", "state", "casewatch", "outbox.json"), nil
}

// Outbox is the durable queue of acknowledgements not yet confirmed by the
// server: a JSON file rewritten atomically (temporary file, fsync, rename,
// fsync of the directory) on every change, so a crash never leaves half a
// file and an acknowledgement accepted by Add survives a restart. It is
// safe for concurrent use within one process; two processes must not share
// one file.
type Outbox struct {
	path string

	mu    sync.Mutex
	items []PendingAck
}

// OpenOutbox opens the outbox at path (DefaultOutboxPath when empty),
// creating nothing until the first Add. A file that cannot be parsed is
// not discarded: it is renamed aside to outbox.json.corrupt-<time>, and
// OpenOutbox returns a usable empty Outbox together with an error saying
// so. Any other failure to read returns a nil Outbox.
func OpenOutbox(path string) (*Outbox, error) {
	if path == "" {
		p, err := DefaultOutboxPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	o := &Outbox{path: path}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return o, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read acknowledgement outbox %s: %w", path, unwrapPath(err))
	}
	var f outboxFile
	if err := json.Unmarshal(b, &f); err != nil || f.Version != 1 || !validRecords(f.Pending) {
		aside := fmt.Sprintf("%s.corrupt-%s", path, time.Now().UTC().Format("20060102T150405Z"))
		if rerr := os.Rename(path, aside); rerr != nil {
			return nil, fmt.Errorf("acknowledgement outbox %s is corrupt and cannot be moved aside: %w", path, unwrapPath(rerr))
		}
		return o, fmt.Errorf("acknowledgement outbox was corrupt; moved to %s (its acknowledgements were not sent)", aside)
	}
	for _, r := range f.Pending {
		o.items = append(o.items, PendingAck{AlertID: r.AlertID, By: r.By, Note: r.Note, Key: r.Key,
			QueuedAt: r.QueuedAt, Attempts: r.Attempts, LastError: r.LastError})
	}
	return o, nil
}

func validRecords(rs []outboxRecord) bool {
	for _, r := range rs {
		if r.AlertID == "" || r.Key == "" || r.By == "" {
			return false
		}
	}
	return true
}

// Path returns the file of the outbox.
func (o *Outbox) Path() string { return o.path }

// List returns a copy of the pending acknowledgements, oldest first.
func (o *Outbox) List() []PendingAck {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.items)
}

// Len returns the number of pending acknowledgements.
func (o *Outbox) Len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.items)
}

// Add queues p and writes the file before returning; on error nothing is
// queued.
func (o *Outbox) Add(p PendingAck) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	next := append(slices.Clone(o.items), p)
	if err := o.write(next); err != nil {
		return err
	}
	o.items = next
	return nil
}

// Remove drops the acknowledgement with key and writes the file.
func (o *Outbox) Remove(key string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	i := o.find(key)
	if i < 0 {
		return nil
	}
	next := slices.Delete(slices.Clone(o.items), i, i+1)
	if err := o.write(next); err != nil {
		return err
	}
	o.items = next
	return nil
}

// Failed records a failed attempt of the acknowledgement with key.
func (o *Outbox) Failed(key string, lastErr string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	i := o.find(key)
	if i < 0 {
		return nil
	}
	next := slices.Clone(o.items)
	next[i].Attempts++
	next[i].LastError = lastErr
	// The in-memory state moves on even if the file cannot be written:
	// the acknowledgement itself is already safe on disk.
	o.items = next
	return o.write(next)
}

func (o *Outbox) find(key string) int {
	for i := range o.items {
		if o.items[i].Key == key {
			return i
		}
	}
	return -1
}

// write replaces the file atomically with items.
func (o *Outbox) write(items []PendingAck) error {
	f := outboxFile{Version: 1, Pending: make([]outboxRecord, 0, len(items))}
	for _, p := range items {
		f.Pending = append(f.Pending, outboxRecord{AlertID: p.AlertID, By: p.By, Note: p.Note, Key: p.Key,
			QueuedAt: p.QueuedAt, Attempts: p.Attempts, LastError: p.LastError})
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if err := writeFileAtomic(o.path, b); err != nil {
		return fmt.Errorf("cannot save acknowledgement outbox %s: %w", o.path, unwrapPath(err))
	}
	return nil
}

// writeFileAtomic writes b to path via a temporary file in the same
// directory, fsynced and renamed over path, then fsyncs the directory.
func writeFileAtomic(path string, b []byte) error {
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
		d.Sync() // best effort: the rename is durable once the directory is
		d.Close()
	}
	return nil
}

// NewIdempotencyKey returns a random UUID (version 4) for an
// acknowledgement.
func NewIdempotencyKey() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}
