package client

import (
	"fmt"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client/sanitize"
)

// AlertPage is a decoded GET /alerts body (api.AlertPage): its good
// records, and a count of the rejected ones with the first of them.
type AlertPage struct {
	Alerts     []*Alert
	NextCursor string
	SyncCursor string
	Delta      bool
	AsOf       time.Time
	Rejected   Rejections
}

// decodeAlertPage decodes, sanitises and validates a GET /alerts body. A
// record that does not fit (a value of the wrong type, a number out of
// range, a bad id or status) is rejected and counted; any other fault
// rejects the body. in shares values across pages (nil: a fresh one).
func decodeAlertPage(body []byte, in *interner) (*AlertPage, error) {
	if in == nil {
		in = new(interner)
	}
	d := &jsonDecoder{data: body, in: in, field: "body"}
	p := new(AlertPage)
	var scratch api.Alert
	ok, err := d.object(pageKeys, func(int) error {
		switch d.field {
		case "next_cursor":
			return d.text(&p.NextCursor, clsLine, false)
		case "sync_cursor":
			return d.text(&p.SyncCursor, clsLine, false)
		case "as_of":
			return d.timestamp(&p.AsOf, nil)
		case "delta":
			raw, ok, err := d.value(wantBool)
			if ok {
				p.Delta = raw[0] == 't'
			}
			return err
		}
		p.Alerts, p.Rejected = p.Alerts[:0], Rejections{}
		if c, err := d.peek(); err != nil || c != '[' {
			if err == nil && !d.literal("null") {
				err = d.skip(0)
				d.notef("expected an array")
			}
			return err
		}
		d.pos++
		for first, i := true, 0; ; i++ {
			more, err := d.next(']', &first)
			if !more || err != nil {
				return err
			}
			outer := d.bad
			scratch, d.bad, d.field = api.Alert{}, nil, "record"
			if err := d.alert(&scratch); err != nil {
				return err
			}
			bad := d.bad
			if bad == nil {
				bad = validateAlert(&scratch)
			}
			d.bad = outer
			if bad != nil {
				p.Rejected.add(Rejection{Index: i, ID: sanitize.Line(scratch.ID, 40), Field: bad.where, Reason: bad.err.Error()})
				continue
			}
			p.Alerts = append(p.Alerts, d.in.compact(&scratch))
		}
	})
	switch {
	case err != nil:
		return nil, err
	case !ok && d.bad == nil:
		return nil, &fieldError{where: "body", err: fmt.Errorf("null instead of an object")}
	case d.bad != nil:
		return nil, d.bad
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	if p.SyncCursor == "" {
		return nil, invalidf("page", "sync_cursor is empty")
	}
	return p, nil
}

// pageDecoder decodes GET /alerts bodies for Client.alerts: a variable so
// that BenchmarkFirstListing can put the encoding/json decoder in its place.
var pageDecoder = decodeAlertPage

// decodeAlert decodes, sanitises and validates one alert (the answer to an
// acknowledgement); any fault rejects it.
func decodeAlert(body []byte) (*api.Alert, error) {
	d := &jsonDecoder{data: body, field: "body"}
	a := new(api.Alert)
	if c, err := d.peek(); err != nil || c == 'n' {
		if err == nil {
			err = &fieldError{where: "body", err: fmt.Errorf("null instead of an object")}
		}
		return nil, err
	}
	if err := d.alert(a); err != nil {
		return nil, err
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	bad := d.bad
	if bad == nil {
		bad = validateAlert(a)
	}
	if bad != nil {
		return nil, &validationError{msg: recordName("alert", -1, a.ID) + ": " + bad.Error()}
	}
	return a, nil
}
