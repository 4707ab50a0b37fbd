package config

import (
	"fmt"
	"strconv"
)

// SourceKind says where a value came from.
type SourceKind int

// Kinds of source, from the lowest precedence to the highest.
const (
	FromDefault SourceKind = iota // the built-in default
	FromFile                      // the configuration file
	FromEnv                       // an environment variable
	FromFlag                      // a command-line flag
)

// Source is where a value came from.
type Source struct {
	Kind SourceKind
	// Name is the file path, the variable's name or the flag ("--api").
	Name string
	// Line is the line of the key in the file (FromFile only).
	Line int
	// Note says what a default was derived from ("LANG=en_US.UTF-8").
	Note string
}

// String renders the source as `casewatch config` prints it: default,
// file:<path>:<line>, env:NAME or flag:--name.
func (s Source) String() string {
	switch s.Kind {
	case FromFile:
		return "file:" + s.Name + ":" + strconv.Itoa(s.Line)
	case FromEnv:
		return "env:" + s.Name
	case FromFlag:
		return "flag:" + s.Name
	}
	if s.Note != "" {
		return "default (" + s.Note + ")"
	}
	return "default"
}

// Error is a configuration error: an unknown key, a value of the wrong
// type, a bad value, a malformed or unreadable file. Its message starts
// with where: "PATH:LINE: " for the file, the variable or the flag
// otherwise.
type Error struct {
	// Source is where the offending value is.
	Source Source
	// Key is the setting concerned, when there is one.
	Key string
	// Msg is the message, without the file position.
	Msg string
	// Column is the column in the file, for malformed TOML.
	Column int
}

// Error implements error.
func (e *Error) Error() string {
	if e.Source.Kind != FromFile {
		return e.Msg
	}
	if e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Source.Name, e.Source.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.Source.Name, e.Source.Line, e.Msg)
}
