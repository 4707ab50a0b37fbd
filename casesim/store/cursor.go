package store

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/fnv"
)

// Cursor kinds.
const (
	cursorSync      byte = 's' // a delta position (sync_cursor, since=)
	cursorAlertPage byte = 'a' // the next page of an alerts listing
	cursorDeltaPage byte = 'd' // the next page of a delta answer
	cursorCasePage  byte = 'c' // the next page of GET /cases
	cursorDecisions byte = 'k' // the next page of GET /decisions
	cursorNotices   byte = 'n' // the next page of GET /notices
)

const cursorVersion = 1

// cursor is the decoded form of every opaque cursor the API hands out:
// base64url (no padding) of version, kind, epoch, rev, after, after id and
// the hash of the listing's filters.
type cursor struct {
	kind   byte
	epoch  uint64
	rev    int64  // sync: the position; pages: the listing's snapshot rev
	after  int64  // pages: the last alert seq or rev, or the last time, seen
	afterS string // pages: the last id seen, where the order needs one
	filter uint32 // hash of the listing's filters, to refuse a mixed-up cursor
}

var errCursor = errors.New("malformed cursor")

func (c cursor) encode() string {
	b := make([]byte, 0, 32+len(c.afterS))
	b = append(b, cursorVersion, c.kind)
	b = binary.BigEndian.AppendUint64(b, c.epoch)
	b = binary.AppendVarint(b, c.rev)
	b = binary.AppendVarint(b, c.after)
	b = binary.AppendUvarint(b, uint64(len(c.afterS)))
	b = append(b, c.afterS...)
	b = binary.BigEndian.AppendUint32(b, c.filter)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	if s == "" || len(s) > 512 {
		return c, errCursor
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 10 || b[0] != cursorVersion {
		return c, errCursor
	}
	c.kind = b[1]
	c.epoch = binary.BigEndian.Uint64(b[2:10])
	b = b[10:]
	var n int
	if c.rev, n = binary.Varint(b); n <= 0 {
		return c, errCursor
	}
	b = b[n:]
	if c.after, n = binary.Varint(b); n <= 0 {
		return c, errCursor
	}
	b = b[n:]
	l, n := binary.Uvarint(b)
	if n <= 0 || uint64(len(b)-n) < l {
		return c, errCursor
	}
	b = b[n:]
	c.afterS = string(b[:l])
	b = b[l:]
	if len(b) != 4 {
		return c, errCursor
	}
	c.filter = binary.BigEndian.Uint32(b)
	return c, nil
}

// epochNum is the epoch as the number cursors carry.
func (s *Store) epochNum() uint64 { return s.epochN }

// epochNumber converts the epoch's text to a number.
func epochNumber(epoch string) uint64 {
	b, err := hex.DecodeString(epoch)
	if err != nil || len(b) != 8 {
		h := fnv.New64a()
		h.Write([]byte(epoch))
		return h.Sum64()
	}
	return binary.BigEndian.Uint64(b)
}

// parseCursor decodes a cursor given as param, of one of the wanted kinds,
// and checks that it belongs to this database: a cursor that does not
// decode, or of another kind, is a ParamError; one of another epoch is gone.
// The caller checks the filter hash.
func (s *Store) parseCursor(param, raw string, kinds ...byte) (cursor, error) {
	c, err := decodeCursor(raw)
	if err != nil {
		return c, &ParamError{Param: param, Reason: "malformed cursor"}
	}
	ok := false
	for _, k := range kinds {
		ok = ok || c.kind == k
	}
	if !ok {
		return c, &ParamError{Param: param, Reason: "cursor of another kind of listing"}
	}
	if c.epoch != s.epochNum() {
		return c, &GoneError{Param: param, Reason: "cursor from another database; list again without it"}
	}
	return c, nil
}

// filterHash hashes a listing's filters for its cursors.
func filterHash(parts ...string) uint32 {
	h := fnv.New32a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum32()
}
