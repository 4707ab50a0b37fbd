package snapshot

// Labels of the indicator section's standing of the basic units below a
// city or the province.
func init() {
	labels["col.units"] = [2]string{"排名靠后的基层院", "Bottom-ranked basic units"}
	labels["ind.bottombelow"] = [2]string{"下辖%d个基层院 · 排名靠后 %d 项次 · 涉及 %d 项指标", "%d basic units below · %d bottom-ranked · on %d indicators"}
	labels["ind.period.mtd"] = [2]string{"%s（本月至今）", "%s (month to date)"}
	labels["ind.period.ytd"] = [2]string{"%s（年度累计）", "%s (year to date)"}
}
