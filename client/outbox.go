package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/gofrs/flock"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/internal/atomicfile"
	"github.com/casewatch/casewatch/paths"
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
	// Notice marks an entry that issues or closes a notice.
	Notice *PendingNotice `json:"notice,omitempty"`
}

// DefaultOutboxPath returns outbox.json in the state directory:
// $STATE_DIRECTORY (systemd), $XDG_STATE_HOME/casewatch or
// ~/.local/state/casewatch (package paths decides).
func DefaultOutboxPath() (string, error) {
	p, err := paths.StateFile(os.Getenv, "outbox.json")
	if err != nil {
		return "", fmt.Errorf("no state directory for the acknowledgement outbox: %w", err)
	}
	return p, nil
}

// Outbox is the durable queue of acknowledgements not yet confirmed by the
// server: a JSON file rewritten atomically (temporary file, fsync, rename,
// fsync of the directory) on every change, so a crash never leaves half a
// file and an acknowledgement accepted by Add survives a restart.
//
// Any number of processes of one user may share the file (every dashboard
// and serve-ssh use the same one). Every change is a read-modify-write under
// an exclusive flock(2) on a lock file beside it (outbox.json.lock), and
// re-reads the file under the lock, so an entry written by another process
// is never dropped. The kernel releases the lock when a process dies, even
// by SIGKILL, so there is no stale lock to clean up. Any process may deliver
// any entry: two processes sending one entry send it under the same
// Idempotency-Key, which the server applies once.
type Outbox struct {
	path string
	lock string

	mu    sync.Mutex
	items []PendingAck
	seen  fileStamp // the version of the file items were read from
	err   error     // the last damage found, reported by Err
}

// outboxLockWait bounds the wait for another process's lock; a holder only
// reads and writes a small file, so a longer wait means it is stuck.
const outboxLockWait = 10 * time.Second

// maxOutboxBytes bounds the outbox file read; a larger file is damage.
const maxOutboxBytes = 16 << 20

// fileStamp identifies a version of the file cheaply: every write renames a
// new file into place, so the inode changes on each one.
type fileStamp struct {
	exists bool
	ino    uint64
	size   int64
	mod    time.Time
}

func stampFile(path string) (fileStamp, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return fileStamp{}, nil
	}
	if err != nil {
		return fileStamp{}, err
	}
	return fileStamp{exists: true, ino: inode(fi), size: fi.Size(), mod: fi.ModTime()}, nil
}

// OutboxDamage reports an outbox file that could not be read whole. It was
// moved aside (kept, never deleted) and every entry that could still be
// read was written back to a new outbox, to be delivered as usual.
type OutboxDamage struct {
	// Path is the outbox file; Aside is where the damaged file now is.
	Path, Aside string
	// Recovered counts the acknowledgements read back from the damaged file.
	Recovered int
	// Cause says what was wrong with it.
	Cause error
}

// Error implements error.
func (d *OutboxDamage) Error() string {
	return fmt.Sprintf("acknowledgement outbox %s was damaged (%v): %d acknowledgement(s) recovered and queued again; the damaged file is kept as %s",
		d.Path, d.Cause, d.Recovered, d.Aside)
}

// OpenOutbox opens the outbox at path (DefaultOutboxPath when empty),
// creating nothing until the first Add. A file that cannot be read whole
// is not discarded: under the lock it is renamed aside to
// outbox.json.corrupt-<time>, every entry that can still be read from it
// is written to a new outbox, and OpenOutbox returns the usable Outbox
// together with an *OutboxDamage saying so. Any other failure to read
// returns a nil Outbox.
func OpenOutbox(path string) (*Outbox, error) {
	if path == "" {
		p, err := DefaultOutboxPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	o := &Outbox{path: path, lock: path + ".lock"}
	items, st, damage, err := o.read()
	if err != nil {
		return nil, err
	}
	if damage != nil {
		err := o.locked(func([]PendingAck) ([]PendingAck, bool, error) { return nil, false, nil })
		if err != nil {
			return nil, err
		}
		return o, o.Err()
	}
	o.items, o.seen = items, st
	return o, nil
}

// Err returns the last damage found in the file (an *OutboxDamage), or nil.
func (o *Outbox) Err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

// read reads the file as it is now. A file that does not parse whole
// yields the entries that could be read and an *OutboxDamage without
// Aside; only a failure to read at all is an error.
func (o *Outbox) read() ([]PendingAck, fileStamp, *OutboxDamage, error) {
	for range 3 { // the file may be replaced between the stat and the read
		st, err := stampFile(o.path)
		if err != nil {
			return nil, st, nil, fmt.Errorf("cannot read acknowledgement outbox %s: %w", o.path, unwrapPath(err))
		}
		if !st.exists {
			return nil, st, nil, nil
		}
		b, err := readCapped(o.path, maxOutboxBytes)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, st, nil, fmt.Errorf("cannot read acknowledgement outbox %s: %w", o.path, unwrapPath(err))
		}
		if st2, _ := stampFile(o.path); st2 != st {
			continue
		}
		items, cause := parseOutbox(b)
		if cause != nil {
			return items, st, &OutboxDamage{Path: o.path, Recovered: len(items), Cause: cause}, nil
		}
		return items, st, nil, nil
	}
	return nil, fileStamp{}, nil, fmt.Errorf("acknowledgement outbox %s keeps changing while read", o.path)
}

// readCapped reads at most maxN bytes of path; a longer file is an error.
func readCapped(path string, maxN int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxN+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > maxN {
		return b[:maxN], errTooLarge
	}
	return b, nil
}

var errTooLarge = fmt.Errorf("larger than %d bytes", maxOutboxBytes)

// parseOutbox reads the outbox file b. When b is not a valid outbox whole,
// it salvages every well-formed entry it can find (an entry is a JSON
// object with an alert id, a key and a name) and says what was wrong.
func parseOutbox(b []byte) ([]PendingAck, error) {
	var f outboxFile
	err := json.Unmarshal(b, &f)
	switch {
	case err != nil:
	case f.Version != 1:
		err = fmt.Errorf("unknown version %d", f.Version)
	default:
		for i, r := range f.Pending {
			if !r.valid() {
				err = fmt.Errorf("entry %d lacks an alert id, a key or a name", i+1)
				break
			}
		}
	}
	if err == nil {
		out := make([]PendingAck, 0, len(f.Pending))
		for _, r := range f.Pending {
			out = append(out, r.pending())
		}
		return out, nil
	}
	var out []PendingAck
	seen := map[string]bool{}
	for i := 0; i < len(b); i++ {
		if b[i] != '{' {
			continue
		}
		var r outboxRecord
		if json.NewDecoder(bytes.NewReader(b[i:])).Decode(&r) != nil || !r.valid() || seen[r.Key] {
			continue
		}
		seen[r.Key] = true
		out = append(out, r.pending())
	}
	return out, err
}

func (r outboxRecord) valid() bool {
	if r.Notice != nil {
		return r.Key != "" && r.By != "" && r.Notice.valid()
	}
	return r.AlertID != "" && r.Key != "" && r.By != ""
}

func (r outboxRecord) pending() PendingAck {
	return PendingAck(r)
}

// locked runs a read-modify-write of the file under the cross-process
// lock: it re-reads the file (setting a damaged one aside and keeping what
// could be read), gives fn the current entries and, when fn says so,
// writes what fn returns. The in-memory view follows the file.
func (o *Outbox) locked(fn func(cur []PendingAck) (next []PendingAck, write bool, err error)) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(o.path), 0o700); err != nil {
		return fmt.Errorf("cannot save acknowledgement outbox %s: %w", o.path, unwrapPath(err))
	}
	fl := flock.New(o.lock, flock.SetFlag(os.O_CREATE|os.O_RDWR), flock.SetPermissions(0o600))
	ctx, cancel := context.WithTimeout(context.Background(), outboxLockWait)
	defer cancel()
	ok, err := fl.TryLockContext(ctx, 5*time.Millisecond)
	if err == nil && !ok {
		err = fmt.Errorf("still locked by another process after %v", outboxLockWait)
	}
	if err != nil {
		return fmt.Errorf("cannot lock acknowledgement outbox %s: %w", o.lock, unwrapPath(err))
	}
	defer func() { _ = fl.Unlock() }()
	cur, st, damage, err := o.read()
	if err != nil {
		return err
	}
	if damage != nil {
		damage.Aside = fmt.Sprintf("%s.corrupt-%s", o.path, time.Now().UTC().Format("20060102T150405.000Z"))
		if err := os.Rename(o.path, damage.Aside); err != nil {
			return fmt.Errorf("acknowledgement outbox %s is damaged and cannot be moved aside: %w", o.path, unwrapPath(err))
		}
		o.err = damage
		// Write what was recovered at once: it must not wait for the next
		// change, and the next reader must not find the file missing.
		if err := o.write(cur); err != nil {
			return err
		}
		if st, err = stampFile(o.path); err != nil {
			return err
		}
	}
	o.items, o.seen = cur, st
	next, write, err := fn(slices.Clone(cur))
	if err != nil || !write {
		return err
	}
	if err := o.write(next); err != nil {
		return err
	}
	o.items = next
	o.seen, _ = stampFile(o.path)
	return nil
}

// Path returns the file of the outbox.
func (o *Outbox) Path() string { return o.path }

// List returns a copy of the pending acknowledgements of every process,
// oldest first. It re-reads the file when another process changed it
// (a stat when nothing changed).
func (o *Outbox) List() []PendingAck {
	o.refresh()
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.items)
}

// Len returns the number of pending acknowledgements.
func (o *Outbox) Len() int {
	o.refresh()
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.items)
}

// refresh re-reads the file if it changed since it was last read. A file
// found damaged is set aside under the lock (see locked); a failure to
// read keeps the last view.
func (o *Outbox) refresh() {
	o.mu.Lock()
	before := o.seen
	st, err := stampFile(o.path)
	o.mu.Unlock()
	if err != nil || st == before {
		return
	}
	items, st, damage, err := o.read()
	if err != nil {
		return
	}
	if damage != nil {
		_ = o.locked(func([]PendingAck) ([]PendingAck, bool, error) { return nil, false, nil })
		return
	}
	o.mu.Lock()
	if o.seen == before { // else a change of this process's came meanwhile, and is newer
		o.items, o.seen = items, st
	}
	o.mu.Unlock()
}

// Add queues p and writes the file before returning; on error nothing is
// queued.
func (o *Outbox) Add(p PendingAck) error {
	return o.locked(func(cur []PendingAck) ([]PendingAck, bool, error) {
		return append(cur, p), true, nil
	})
}

// Remove drops the acknowledgement with key (if still there: another
// process may have delivered it) and writes the file.
func (o *Outbox) Remove(key string) error {
	return o.locked(func(cur []PendingAck) ([]PendingAck, bool, error) {
		i := findKey(cur, key)
		if i < 0 {
			return nil, false, nil
		}
		return slices.Delete(cur, i, i+1), true, nil
	})
}

// Failed records a failed attempt of the acknowledgement with key.
func (o *Outbox) Failed(key string, lastErr string) error {
	return o.locked(func(cur []PendingAck) ([]PendingAck, bool, error) {
		i := findKey(cur, key)
		if i < 0 {
			return nil, false, nil
		}
		cur[i].Attempts++
		cur[i].LastError = lastErr
		return cur, true, nil
	})
}

func findKey(items []PendingAck, key string) int {
	for i := range items {
		if items[i].Key == key {
			return i
		}
	}
	return -1
}

// write replaces the file atomically with items.
func (o *Outbox) write(items []PendingAck) error {
	f := outboxFile{Version: 1, Pending: make([]outboxRecord, 0, len(items))}
	for _, p := range items {
		f.Pending = append(f.Pending, outboxRecord(p))
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if err := atomicfile.Write(o.path, b); err != nil {
		return fmt.Errorf("cannot save acknowledgement outbox %s: %w", o.path, unwrapPath(err))
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

// request is the body that delivers p: acted_at is when the person
// acknowledged (QueuedAt), however late the delivery.
func (p PendingAck) request() api.AckRequest {
	r := api.AckRequest{By: p.By, Note: p.Note}
	if !p.QueuedAt.IsZero() {
		t := p.QueuedAt.UTC().Round(0) // the instant, as the file holds it
		r.ActedAt = &t
	}
	return r
}
