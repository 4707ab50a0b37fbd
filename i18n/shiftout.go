package i18n

// The wall's pin banner (issue 14, D5), export, acknowledgements seen from
// the case view, the bell and the clipboard.
func init() {
	zh := map[string]string{
		"wall.pin.one":  "%s新增超期%d件",
		"wall.pin.two":  "%s、%s新增超期%d件",
		"wall.pin.many": "%[1]s等%[2]d个单位新增超期%[3]d件",
		"wall.pin.min":  "已置顶，%d分钟后恢复轮播",
		"wall.pin.sec":  "已置顶，%d秒后恢复轮播",
	}
	en := map[string]string{
		"wall.pin.one":  "%[2]d new overdue in %[1]s",
		"wall.pin.two":  "%[3]d new overdue in %[1]s and %[2]s",
		"wall.pin.many": "%[3]d new overdue in %[1]s and %[4]d more units",
		"wall.pin.min":  "pinned, resumes in %d min",
		"wall.pin.sec":  "pinned, resumes in %d s",
	}
	for k, v := range zh {
		zhMessages[k] = v
	}
	for k, v := range en {
		enMessages[k] = v
	}
}
