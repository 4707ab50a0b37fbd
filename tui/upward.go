package tui

import (
	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/client"
)

// Messages upward: what a panel or screen asks of the root. A panel's or
// screen's key (or click) handler returns one of these (or nil) instead
// of reaching into the root, and the root handles it at once, in the same
// Update (see model.update): so the panel needs no *model, and what it can
// ask for is listed here.

// openCaseMsg asks for the case screen of a case; one from the command
// line (fromCmd) closes the help and clears the status line first.
type openCaseMsg struct {
	id, caseNo string
	fromCmd    bool
}

// openIndicatorMsg asks for the indicator screen (its ranking and history).
type openIndicatorMsg struct{ ind api.Indicator }

// openDecisionsMsg asks for the 越权 decisions of a coverage row.
type openDecisionsMsg struct{ row api.CoverageRow }

// openFilterMsg asks for the alerts panel's text filter prompt.
type openFilterMsg struct{}

// startAckMsg asks for the acknowledgement prompt of alert, or of the
// alerts panel's selected alert when it is nil; none says the case view
// has no alert left to acknowledge.
type startAckMsg struct {
	alert *client.Alert
	none  bool
}

// popMsg asks to go back to the screen under the one on top.
type popMsg struct{}

// scopeMsg asks to move the scope by step along province → cities →
// basic units (see scopeAfter).
type scopeMsg struct{ step int }

// openPickerMsg asks for the scope picker (picker.go).
type openPickerMsg struct{}

// nextViewMsg asks to switch to the next saved view (views.go).
type nextViewMsg struct{}

// statusMsg asks the root to say something in the footer.
type statusMsg struct {
	text string
	bad  bool
}

// quitMsg asks to end the program (ctrl+c in an overlay).
type quitMsg struct{}

// setScopeMsg asks to set the scope to unit id (the scope picker, :unit).
type setScopeMsg struct{ id string }

// runCommandMsg asks to run a command line (cmdline.go); cand is the
// completion tab put in the line, if it is still what the line says.
type runCommandMsg struct {
	line string
	cand *cmdCand
}

// submitAckMsg asks to send the note of the acknowledgement prompt that
// just closed (promptLine: ackTarget, ackCaseNo, input).
type submitAckMsg struct{}

// filterMsg says the alerts' text filter line changed to value (clear:
// esc closed it, the filter goes).
type filterMsg struct {
	value string
	clear bool
}
