package theme

import (
	"fmt"
	"strings"
)

// Kind selects a theme family.
type Kind int

// Theme families.
const (
	// Auto picks Dark or Light from the terminal's background colour.
	Auto Kind = iota
	// Dark is the palette for dark backgrounds.
	Dark
	// Light is the palette for light backgrounds.
	Light
	// HighContrast uses saturated colours plus bold and reverse video.
	HighContrast
	// Mono uses no colour at all, only attributes (NO_COLOR).
	Mono
)

// String returns the name Parse accepts for k.
func (k Kind) String() string {
	switch k {
	case Dark:
		return "dark"
	case Light:
		return "light"
	case HighContrast:
		return "high-contrast"
	case Mono:
		return "mono"
	default:
		return "auto"
	}
}

// Parse reads a theme name: auto, dark, light, high-contrast (or hc,
// contrast) and mono (or none, no-color).
func Parse(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "dark":
		return Dark, nil
	case "light":
		return Light, nil
	case "high-contrast", "highcontrast", "hc", "contrast":
		return HighContrast, nil
	case "mono", "none", "no-color", "nocolor", "plain":
		return Mono, nil
	}
	return Auto, fmt.Errorf("theme: unknown theme %q (want auto, dark, light, high-contrast or mono)", s)
}

// Detect returns Mono when the NO_COLOR environment variable is set to any
// non-empty value (https://no-color.org), otherwise fallback.
func Detect(getenv func(string) string, fallback Kind) Kind {
	if getenv != nil && getenv("NO_COLOR") != "" {
		return Mono
	}
	return fallback
}
