package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"

	"github.com/casewatch/casewatch/internal/atomicfile"
)

// stateVersion is the format of the state file.
const stateVersion = 1

// maxStateBytes bounds the state file read at start.
const maxStateBytes = 64 << 20

// Record is an overdue alert queued for the webhook, as it was when it was
// found: the state file keeps it until a post is confirmed, so an alert
// found before a restart is posted after it even if it has changed since.
// PersonName and CaseNo are kept only when names are configured
// (Options.IncludeNames).
type Record struct {
	ID          string    `json:"id"`
	Rule        string    `json:"rule"`
	RuleName    string    `json:"rule_name"`
	Category    string    `json:"category"`
	Status      string    `json:"status"`
	CaseID      string    `json:"case_id"`
	UnitID      string    `json:"unit_id"`
	UnitName    string    `json:"unit_name"`
	DeptID      string    `json:"dept_id,omitempty"`
	DeptName    string    `json:"dept_name,omitempty"`
	DueAt       time.Time `json:"due_at"`
	DaysOverdue int       `json:"days_overdue"`
	CaseNo      string    `json:"case_no,omitempty"`
	PersonName  string    `json:"person_name,omitempty"`
	FoundAt     time.Time `json:"found_at"`
	// Resolved marks a record that says the alert, posted overdue before,
	// is no longer overdue (rectified, closed or gone), found then
	// (Options.SendResolved).
	Resolved   bool       `json:"resolved,omitempty"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
}

// fileState is the state file: which overdue alerts were posted (or were
// already overdue when the webhook was first set up), and which wait.
type fileState struct {
	Version int `json:"version"`
	// URL is the webhook the state belongs to, without its query (which
	// may hold a robot's access token).
	URL string `json:"url"`
	// BaselineAt is when the first scan recorded the overdue alerts
	// already open, without posting them (zero until then).
	BaselineAt time.Time `json:"baseline_at"`
	// Seen maps every alert posted (or in the baseline) to when.
	Seen map[string]time.Time `json:"seen"`
	// Pending lists the alerts to post, oldest first.
	Pending []Record `json:"pending"`
	// Posted holds the alerts posted overdue and not yet posted resolved,
	// kept only with Options.SendResolved (absent in older files).
	Posted map[string]Record `json:"posted,omitempty"`
}

// store is the durable state: one JSON file, written atomically after
// every change, held under an exclusive lock for the life of the process
// so that two notifiers never post from one file.
type store struct {
	path string
	lock *flock.Flock
	st   fileState
}

// ErrLocked is returned by openStore when another process uses the state
// file.
var ErrLocked = errors.New("another casewatch process posts to this webhook (its state file is locked)")

// openStore locks and reads the state file at path (a missing file is an
// empty state). A file that cannot be parsed is moved aside (path +
// ".damaged-<time>") and the state starts empty; damaged says so.
func openStore(path, url string) (s *store, damaged string, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, "", fmt.Errorf("webhook state: %w", err)
	}
	lk := flock.New(path + ".lock")
	ok, err := lk.TryLock()
	if err != nil {
		return nil, "", fmt.Errorf("webhook state: %w", err)
	}
	if !ok {
		return nil, "", fmt.Errorf("webhook state %s: %w", path, ErrLocked)
	}
	s = &store{path: path, lock: lk, st: fileState{Version: stateVersion, URL: url, Seen: map[string]time.Time{}}}
	b, err := readCapped(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s, "", nil
	case err != nil:
		_ = lk.Unlock()
		return nil, "", fmt.Errorf("webhook state: %w", err)
	}
	var st fileState
	if err := json.Unmarshal(b, &st); err != nil || st.Version != stateVersion || st.Seen == nil {
		why := "unknown version"
		if err != nil {
			why = err.Error()
		}
		aside := fmt.Sprintf("%s.damaged-%s", path, time.Now().UTC().Format("20060102T150405Z"))
		if rerr := os.Rename(path, aside); rerr != nil {
			_ = lk.Unlock()
			return nil, "", fmt.Errorf("webhook state %s is damaged (%s) and cannot be moved aside: %w", path, why, rerr)
		}
		return s, fmt.Sprintf("webhook state %s was damaged (%s); moved to %s, starting anew (overdue alerts open now are not posted again)", path, why, aside), nil
	}
	if st.URL != url {
		_ = lk.Unlock()
		return nil, "", fmt.Errorf("webhook state %s belongs to %s, not %s: give another --webhook-state", path, st.URL, url)
	}
	s.st = st
	return s, "", nil
}

func readCapped(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxStateBytes {
		return nil, fmt.Errorf("%s: %d bytes, more than %d", path, fi.Size(), maxStateBytes)
	}
	return os.ReadFile(path)
}

// save writes the state atomically.
func (s *store) save() error {
	b, err := json.MarshalIndent(s.st, "", " ")
	if err != nil {
		return err
	}
	return atomicfile.Write(s.path, append(b, '\n'))
}

// close releases the lock.
func (s *store) close() error { return s.lock.Unlock() }
