// Package tui is the casewatch dashboard (案件管理监督看板): a Bubble Tea v2
// model showing process-monitoring alerts, quality indicators and the
// responsibility list of a procuratorate, with drill-downs to indicators,
// decisions and cases.
//
// The dashboard depends on two small interfaces, Source (the poller's
// published states, a manual refresh and the acknowledgement outbox) and
// Fetcher (on-demand fetches of a case, a ranking and decisions), which
// *client.Poller and *client.Client are as they are, and any other client
// can be adapted to. Wiring it up:
//
//	lang := i18n.Detect(os.Getenv) // or i18n.Parse(*langFlag)
//	kind, _ := theme.Parse(*themeFlag)
//	m := tui.New(tui.Options{
//		Source:  poller, // *client.Poller: Subscribe, Current, Refresh, Acknowledge
//		Fetcher: client, // *client.Client: Case, Ranking, Decisions
//		Demo:    demo, ReadOnly: *readOnly, NoMouse: *noMouse,
//		Lang:    lang, Theme: theme.Detect(os.Getenv, kind),
//		Scope:   *scope, User: user,
//	})
//	_, err := tea.NewProgram(m, tea.WithFPS(10)).Run()
//
// With Options.Wall enabled the dashboard is a wall display (see
// WallOptions): read-only, rotating through the panels, pinning new
// overdue alerts, impossible to miss when the data goes stale.
//
// Local countdowns run on the simulation clock of /health (sim_time and
// sim_speed, extrapolated from when it was fetched), never on an alert
// set's as_of, which a 304 can confirm late; they never run backwards.
//
// Everything reaches the model as messages: the poller's states through a
// command that blocks on the subscription and is issued again after each
// state, fetch answers as loaded messages, the clock as a tick scheduled
// for the next moment something on screen changes by the passage of time
// (the clock's minute, a data age, a countdown, a wall's rotation), never
// more than once a second. Nothing in Update or View does IO.
package tui
