package tui

import "strings"

// narrowUnits drops from ids, the units the command line matched for q,
// those that hold q only in a name qualified by their parent's place
// (河阳市澄湄区人民检察院 for "河阳") while that parent matched too: ":unit
// 河阳" means 河阳市院, not the districts named after it. A unit that holds
// q in its id, its English name or its own short name (澄湄区院) stays.
func (u *unitIndex) narrowUnits(ids []string, q string) []string {
	lq := strings.ToLower(strings.TrimSpace(q))
	matched := make(map[string]bool, len(ids))
	for _, id := range ids {
		matched[id] = true
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if un := u.unit(id); un != nil && matched[un.ParentID] && !u.ownNameHolds(id, lq) {
			continue
		}
		out = append(out, id)
	}
	return out
}

// ownNameHolds reports whether unit id's id, English name or short name
// (without its parent's place) contains lq.
func (u *unitIndex) ownNameHolds(id, lq string) bool {
	un := u.unit(id)
	if un == nil {
		return false
	}
	for _, n := range []string{un.ID, un.NameEn, u.short(id, "")} {
		if n != "" && strings.Contains(strings.ToLower(n), lq) {
			return true
		}
	}
	return false
}
