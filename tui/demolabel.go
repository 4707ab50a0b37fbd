package tui

// demoData reports whether the data on screen is simulated: what the
// case system's /health says once it has answered (so a dashboard pointed
// with --api at a simulated system is labelled, and one at a system of
// imported data is not), and until then what the caller said (the
// embedded demo system is simulated).
func (c *common) demoData() bool {
	if h := c.state.Health; h.HasData {
		return h.Data.Demo
	}
	return c.opts.Demo
}
