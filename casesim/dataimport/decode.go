package dataimport

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Encodings accepted by --encoding ("auto" detects).
const (
	EncAuto    = "auto"
	EncUTF8    = "utf-8"
	EncGB18030 = "gb18030"
	EncGBK     = "gbk"
	EncUTF16LE = "utf-16le"
	EncUTF16BE = "utf-16be"
	EncUTF16   = "utf-16" // byte-order mark decides; little-endian without one
)

// Encodings lists the names --encoding accepts.
var Encodings = []string{EncAuto, EncUTF8, EncGB18030, EncGBK, EncUTF16, EncUTF16LE, EncUTF16BE}

// normEncoding maps the spellings people use to one name.
func normEncoding(s string) (string, bool) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-")) {
	case "", "auto":
		return EncAuto, true
	case "utf-8", "utf8", "utf-8-sig":
		return EncUTF8, true
	case "gb18030", "gb-18030":
		return EncGB18030, true
	case "gbk", "cp936", "gb2312":
		return EncGBK, true
	case "utf-16", "utf16", "ucs-2":
		return EncUTF16, true
	case "utf-16le", "utf16le":
		return EncUTF16LE, true
	case "utf-16be", "utf16be":
		return EncUTF16BE, true
	}
	return "", false
}

// Decode turns the bytes of a text file into UTF-8 text, with the encoding
// it used. enc is one of Encodings; "auto" detects: a byte-order mark,
// UTF-16 by its zero bytes, UTF-8 when the bytes are valid UTF-8, GB18030
// otherwise. A file that does not decode cleanly in the encoding (given or
// detected) is an error naming its first bad line: never text with
// replacement characters or mojibake.
func Decode(file string, b []byte, enc string) (string, string, error) {
	name, ok := normEncoding(enc)
	if !ok {
		return "", "", reject(file, 0, "", "unknown encoding %q (want one of %s)", enc, strings.Join(Encodings, ", "))
	}
	bom := bomOf(b)
	if name == EncAuto {
		switch {
		case bom != "":
			name = bom
		case looksUTF16(b) != "":
			name = looksUTF16(b)
		case utf8.Valid(b):
			name = EncUTF8
		default:
			// Not valid UTF-8: GB18030, unless the file is plainly UTF-8
			// with a damaged byte (Chinese text already decoded as UTF-8
			// before the bad byte).
			bad := firstInvalidUTF8(b)
			if hasMultibyteUTF8(b[:bad]) {
				return "", "", reject(file, lineAt(b, bad), "", "invalid UTF-8 byte 0x%02X in a file that is otherwise UTF-8 (byte %d); fix the file or give --encoding", b[bad], bad+1)
			}
			name = EncGB18030
		}
	}
	switch name {
	case EncUTF8:
		if bom == EncUTF16LE || bom == EncUTF16BE {
			return "", "", reject(file, 1, "", "the file starts with a UTF-16 byte-order mark, not UTF-8 (use --encoding utf-16 or auto)")
		}
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(b) {
			bad := firstInvalidUTF8(b)
			return "", "", reject(file, lineAt(b, bad), "", "not valid UTF-8 (byte 0x%02X); if Excel on Chinese Windows saved it, try --encoding gb18030", b[bad])
		}
		return string(b), name, nil
	case EncGB18030, EncGBK:
		if bom != "" {
			return "", "", reject(file, 1, "", "the file starts with a %s byte-order mark, not %s (use --encoding auto)", bom, name)
		}
		if !utf8.Valid(b) || !hasMultibyteUTF8(b) {
			return decodeStrict(file, b, name, simplifiedchinese.GB18030)
		}
		// Valid UTF-8 with Chinese text is not GB18030 that happens to
		// decode: decoding it would store mojibake.
		return "", "", reject(file, lineAt(b, firstNonASCII(b)), "", "the file is UTF-8, not %s: its Chinese text would become mojibake (use --encoding utf-8 or auto)", name)
	case EncUTF16, EncUTF16LE, EncUTF16BE:
		if bom == EncUTF8 {
			return "", "", reject(file, 1, "", "the file starts with a UTF-8 byte-order mark, not UTF-16 (use --encoding utf-8 or auto)")
		}
		if bom == "" && looksUTF16(b) == "" {
			return "", "", reject(file, 1, "", "not UTF-16: no byte-order mark and no zero bytes in its text (use --encoding auto)")
		}
		if len(b)%2 != 0 {
			return "", "", reject(file, 0, "", "not UTF-16: an odd number of bytes (%d)", len(b))
		}
		endian := unicode.LittleEndian
		if name == EncUTF16BE || (name == EncUTF16 && (bom == EncUTF16BE || (bom == "" && looksUTF16(b) == EncUTF16BE))) {
			endian = unicode.BigEndian
		}
		used := EncUTF16LE
		if endian == unicode.BigEndian {
			used = EncUTF16BE
		}
		s, _, err := decodeStrict(file, b, used, unicode.UTF16(endian, unicode.ExpectBOM))
		if err != nil && bom == "" {
			s, _, err = decodeStrict(file, b, used, unicode.UTF16(endian, unicode.IgnoreBOM))
		}
		return s, used, err
	}
	return "", "", errors.New("dataimport: unreachable encoding " + name)
}

// decodeStrict decodes b and rejects the file at the first character that
// did not decode (the decoder's replacement character where the input had
// none).
func decodeStrict(file string, b []byte, name string, e encoding.Encoding) (string, string, error) {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return "", "", reject(file, 0, "", "not %s: %v", name, err)
	}
	s := string(out)
	if i := strings.IndexRune(s, utf8.RuneError); i >= 0 {
		line := strings.Count(s[:i], "\n") + 1
		return "", "", reject(file, line, "", "bytes that are not %s (the file is in another encoding, or damaged; give --encoding)", name)
	}
	s = strings.TrimPrefix(s, "\ufeff")
	return s, name, nil
}

func bomOf(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return EncUTF8
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		return EncUTF16LE
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		return EncUTF16BE
	}
	return ""
}

// looksUTF16 recognises UTF-16 without a byte-order mark by the zero bytes
// ASCII characters (commas, digits, line breaks) leave in every other place.
func looksUTF16(b []byte) string {
	n := min(len(b), 4096) &^ 1
	if n < 4 {
		return ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*4 > half && even*20 < half:
		return EncUTF16LE
	case even*4 > half && odd*20 < half:
		return EncUTF16BE
	}
	return ""
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func hasMultibyteUTF8(b []byte) bool {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if size > 1 && r != utf8.RuneError {
			return true
		}
		if size == 0 {
			break
		}
		i += size
	}
	return false
}

func firstNonASCII(b []byte) int {
	for i, c := range b {
		if c >= 0x80 {
			return i
		}
	}
	return 0
}

// lineAt is the line (from 1) of byte offset i.
func lineAt(b []byte, i int) int {
	if i > len(b) {
		i = len(b)
	}
	return bytes.Count(b[:i], []byte("\n")) + 1
}

var _ = fmt.Sprint
