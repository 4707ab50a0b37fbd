// Package theme turns a semantic palette (ok, notice, warning, overdue,
// muted, accent…) into the styles the casewatch dashboard draws with.
//
// Every colour is given three times, for 16-colour, 256-colour and true
// colour terminals, because SSH sessions often forward no truecolor and an
// automatic down-sampling of hex values reads badly. Dark and light variants
// are chosen from the terminal's background; a high-contrast theme and a
// colourless theme (NO_COLOR) rely on bold, underline and reverse video, so
// nothing is conveyed by colour alone.
package theme
