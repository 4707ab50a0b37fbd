package tui

import (
	"strings"
	"testing"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// A refused acknowledgement never turns the note typed after it into
// commands: the letters of "second" would change the sort (s), set a
// category filter (c) and enter would open a case (issue 14, D3).
func TestRefusedActionTakesTheNextKeys(t *testing.T) {
	acked := func() client.State {
		s := fixtureState(40)
		for _, a := range s.Alerts.Data.Alerts {
			a.Ack = &api.Ack{By: "张三", Note: "已电话督促"}
		}
		return s
	}
	tests := []struct {
		name  string
		state client.State
		opts  []harnessOpt
		why   string // in the footer after a; "" when the note prompt opens
		note  string // the prompt's value after typing, when it opens
	}{
		{"read-only", fixtureState(40), []harnessOpt{readOnly()}, "只读模式", ""},
		{"viewer key", fixtureState(40), []harnessOpt{func(o *Options) { o.ReadOnly, o.ViewerKey = true, true }}, "此密钥无确认权限", ""},
		{"no case system", fixtureState(40), []harnessOpt{func(o *Options) { o.Source = nil }}, "未连接数据源", ""},
		{"no name", fixtureState(40), []harnessOpt{func(o *Options) { o.User = "" }}, "未设置确认人姓名", ""},
		{"no alert", fixtureState(0), nil, "没有选中的预警", ""},
		{"acknowledged: the prompt opens with the note", acked(), nil, "", "已电话督促second"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 80, 24, tt.state, tt.opts...)
			h.keys("a")
			foot := lastLine(h.view())
			switch {
			case tt.why != "":
				if h.m.prompt != promptRefused || !strings.Contains(foot, tt.why) {
					t.Fatalf("after a: prompt %d, footer %q, want the refusal %q", h.m.prompt, foot, tt.why)
				}
			case h.m.prompt != promptAck:
				t.Fatalf("after a on an acknowledged alert: prompt %d, want the note prompt", h.m.prompt)
			}
			h.keys("s", "e", "c", "o", "n", "d")
			if tt.note != "" && h.m.input.Value() != tt.note {
				t.Errorf("note %q, want %q", h.m.input.Value(), tt.note)
			}
			if tt.why != "" {
				h.keys("enter")
			} else {
				h.keys("esc")
			}
			p := &h.m.alerts
			if p.sort != sortLevel || p.level != "" || p.category != "" || p.query != "" {
				t.Errorf("the note became commands: sort %d, level %q, category %q, query %q", p.sort, p.level, p.category, p.query)
			}
			if h.m.current() != screenDash || h.m.prompt != promptNone {
				t.Errorf("screen %d, prompt %d after enter: want the dashboard, no prompt", h.m.current(), h.m.prompt)
			}
			h.src.mu.Lock()
			sent := len(h.src.acks)
			h.src.mu.Unlock()
			if sent != 0 {
				t.Errorf("%d acknowledgements sent", sent)
			}
			// The next key is a command again.
			h.keys("s")
			if p.sort != sortDeadline {
				t.Error("after the refusal closed, s does not sort")
			}
		})
	}
}

func lastLine(v string) string {
	lines := strings.Split(v, "\n")
	return lines[len(lines)-1]
}

// A scope the case system does not know falls back to the province, and
// says so (issue 14, D12: the command line checks first when it can).
func TestUnknownScopeIsSaid(t *testing.T) {
	h := newHarness(t, 100, 24, fixtureState(10), func(o *Options) { o.Scope = "U99" })
	if h.m.scopeID != "" || !strings.Contains(h.view(), "--scope U99：没有这个单位") {
		t.Fatalf("scope %q, view:\n%s", h.m.scopeID, h.view())
	}
}
