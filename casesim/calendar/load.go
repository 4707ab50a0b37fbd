package calendar

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// maxFileSize bounds a holiday file: a year takes about 1 KB.
const maxFileSize = 1 << 20

// Load reads a holiday file (the format of the embedded holidays_cn.txt:
// "year YYYY", "holiday DATE[..DATE] [label]", "workday DATE [label]",
// '#' comments). Errors name the file and the line.
func Load(path string) (*Calendar, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	if fi.Size() > maxFileSize {
		return nil, fmt.Errorf("calendar: %s: %d bytes, more than the %d a holiday file can have", path, fi.Size(), maxFileSize)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return parse(path, string(b))
}

// Parse reads a holiday file's text; name is used in error messages.
func Parse(name, text string) (*Calendar, error) { return parse(name, text) }

func parse(name, text string) (*Calendar, error) {
	c := &Calendar{source: name, years: map[int]bool{}, holiday: map[int]string{}, workday: map[int]string{}}
	lineErr := func(n int, format string, args ...any) error {
		return fmt.Errorf("calendar: %s:%d: %s", name, n, fmt.Sprintf(format, args...))
	}
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		label := strings.Join(f[min(2, len(f)):], " ")
		switch f[0] {
		case "year":
			if len(f) != 2 {
				return nil, lineErr(n, `want "year YYYY"`)
			}
			y, err := strconv.Atoi(f[1])
			if err != nil || y < 1949 || y > 2200 {
				return nil, lineErr(n, "year %q is not a year between 1949 and 2200", f[1])
			}
			if c.years[y] {
				return nil, lineErr(n, "year %d is declared twice", y)
			}
			c.years[y] = true
		case "holiday":
			if len(f) < 2 {
				return nil, lineErr(n, `want "holiday YYYY-MM-DD[..YYYY-MM-DD] [label]"`)
			}
			from, to, ok := strings.Cut(f[1], "..")
			if !ok {
				to = from
			}
			a, err := c.date(from)
			if err != nil {
				return nil, lineErr(n, "%v", err)
			}
			b, err := c.date(to)
			if err != nil {
				return nil, lineErr(n, "%v", err)
			}
			if b.Before(a) {
				return nil, lineErr(n, "range %s ends before it starts", f[1])
			}
			if b.Sub(a) > 31*24*time.Hour {
				return nil, lineErr(n, "range %s is longer than a month", f[1])
			}
			for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
				k := key(d)
				if _, dup := c.workday[k]; dup {
					return nil, lineErr(n, "%s is already a working day", d.Format(time.DateOnly))
				}
				c.holiday[k] = label
			}
		case "workday":
			if len(f) < 2 {
				return nil, lineErr(n, `want "workday YYYY-MM-DD [label]"`)
			}
			d, err := c.date(f[1])
			if err != nil {
				return nil, lineErr(n, "%v", err)
			}
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				return nil, lineErr(n, "%s is a %s: only a Saturday or Sunday can be a make-up working day", f[1], wd)
			}
			if _, dup := c.holiday[key(d)]; dup {
				return nil, lineErr(n, "%s is already a holiday", f[1])
			}
			c.workday[key(d)] = label
		default:
			return nil, lineErr(n, "unknown item %q (want year, holiday or workday)", f[0])
		}
	}
	if len(c.years) == 0 {
		return nil, fmt.Errorf("calendar: %s: no \"year\" line: the file covers no year", name)
	}
	return c, nil
}

// date parses YYYY-MM-DD of a declared year.
func (c *Calendar) date(s string) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, s, Zone)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	if !c.years[d.Year()] {
		return time.Time{}, fmt.Errorf("%s lies in %d, which no earlier \"year %d\" line declares", s, d.Year(), d.Year())
	}
	return d.Add(12 * time.Hour), nil
}
