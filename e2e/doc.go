// Package e2e holds end-to-end tests of the dashboard against the reference case system.
package e2e
