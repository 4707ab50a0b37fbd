package tui

import (
	"slices"
	"strings"
	"testing"
)

func TestBigText(t *testing.T) {
	got := bigText("10:42", false)
	want := []string{
		"▄█  █▀█ ▄ █ █ ▀▀█",
		" █  █ █ ▄ ▀▀█ █▀▀",
		"▀▀▀ ▀▀▀     ▀ ▀▀▀",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("big 10:42:\n%s\nwant\n%s", strings.Join(got[:], "\n"), strings.Join(want[:], "\n"))
	}
	if bigWidth("10:42", false) != textWidth(got[0]) || bigWidth("x", false) != -1 {
		t.Fatal("bigWidth")
	}
	tall := bigText("7", true)
	if !slices.Equal(tall, []string{"██████", "    ██", "    ██", "    ██", "    ██"}) {
		t.Fatalf("tall 7:\n%s", strings.Join(tall, "\n"))
	}
	if bigWidth("10", true) != textWidth(bigText("10", true)[0]) {
		t.Fatal("tall width")
	}
}
