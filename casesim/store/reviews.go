package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/casewatch/casewatch/api"
	"github.com/casewatch/casewatch/casesim/sim"
)

// reviewGrades is the order grades are listed in (2026 rules: 优质, 合格,
// 基本合格, 不合格).
var reviewGrades = []string{"优质", "合格", "基本合格", "不合格"}

// Reviews answers GET /reviews: the reviews of the cases of unit's
// subtree closed in [from, to) by now, and the cases whose court outcome
// in the period (an acquittal, a withdrawn prosecution) queues them for
// review case by case.
func (s *Store) Reviews(ctx context.Context, unit, period string, from, to, now time.Time) (api.ReviewSummary, error) {
	o := s.org.Load()
	out := api.ReviewSummary{UnitID: unit, Period: period, From: from, To: to, AsOf: now,
		Grades: []api.GradeCount{}, Queued: []api.QueuedCase{}}
	if !o.hasUnit(unit) {
		return out, &NotFoundError{What: "unit", ID: unit}
	}
	units := o.subtree(unit)
	end := to
	if now.Before(end) {
		end = now
	}
	grades := map[string]int{}
	// Court outcomes come after the close of the case that prosecuted:
	// look a year back for them.
	args := append(anyStrings(units), toNS(end), toNS(from.AddDate(-1, 0, 0)))
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		return eachRow(ctx, tx, func(rows *sql.Rows) error {
			var id, no, u, body string
			var closed sql.NullInt64
			if err := rows.Scan(&id, &no, &u, &closed, &body); err != nil {
				return err
			}
			var b caseBody
			if err := json.Unmarshal([]byte(body), &b); err != nil {
				return fmt.Errorf("case %s body: %w", id, err)
			}
			reviewed := b.Review != nil && !b.Review.ReviewedAt.After(now)
			if closed.Valid && closed.Int64 >= toNS(from) && closed.Int64 < toNS(end) {
				out.Closed++
				if reviewed {
					out.Reviewed++
					grades[b.Review.Grade]++
					if len(b.Review.Issues) > 0 {
						out.WithIssues++
					}
				}
			}
			if c := b.Court; c != nil && (c.Outcome == sim.OutcomeAcquitted || c.Outcome == sim.OutcomeWithdrawn) &&
				!c.PronouncedAt.Before(from) && c.PronouncedAt.Before(end) {
				out.Queued = append(out.Queued, api.QueuedCase{CaseID: id, CaseNo: no, UnitID: u, UnitName: o.unitName(u),
					Reason: c.Outcome, At: c.PronouncedAt.In(sim.Zone), Reviewed: reviewed})
			}
			return nil
		}, `SELECT id, no, unit_id, closed_at, body FROM cases WHERE unit_id IN (`+placeholders(len(units))+`)
			AND closed_at IS NOT NULL AND closed_at < ? AND closed_at >= ? ORDER BY accepted_at, id`, args...)
	})
	if err != nil {
		return out, wrapQueryErr("reviews", err)
	}
	for _, g := range reviewGrades {
		if grades[g] > 0 {
			out.Grades = append(out.Grades, api.GradeCount{Grade: g, Count: grades[g]})
		}
	}
	return out, nil
}
