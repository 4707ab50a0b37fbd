package i18n

// The wall's pin banner (issue 14, D5), export, acknowledgements seen from
// the case view, the bell and the clipboard.
func init() {
	zh := map[string]string{
		"wall.pin.one":    "%s新增超期%d件",
		"wall.pin.two":    "%s、%s新增超期%d件",
		"wall.pin.many":   "%[1]s等%[2]d个单位新增超期%[3]d件",
		"wall.pin.min":    "已置顶，%d分钟后恢复轮播",
		"wall.pin.sec":    "已置顶，%d秒后恢复轮播",
		"key.export":      "导出CSV",
		"key.yank":        "复制案号",
		"col.ack":         "确认",
		"caseack.choose":  "选择要确认的预警：↑/↓ 选择，回车确认，Esc 取消",
		"caseack.pending": "%s %s 于 %s 确认，待送达",
		"caseack.before":  "此前：%s 于 %s 确认",
		"yank.off":        "复制未开启（clipboard = true 或 --clipboard）",
		"yank.done":       "已复制案号 %s",
		"bell.title":      "案管看板",
		"bell.body":       "新增超期%d件 · %s %s",
		"export.off":      "未设置导出目录（export_dir 或 --export-dir）",
		"export.busy":     "正在导出…",
		"export.done":     "已导出 %d 行：%s",
		"export.failed":   "导出失败：%s",
		"export.detected": "发现时间",
		"export.ackby":    "确认人",
		"export.ackat":    "确认时间",
		"export.acknote":  "确认备注",
	}
	en := map[string]string{
		"wall.pin.one":    "%[2]d new overdue in %[1]s",
		"wall.pin.two":    "%[3]d new overdue in %[1]s and %[2]s",
		"wall.pin.many":   "%[3]d new overdue in %[1]s and %[4]d more units",
		"wall.pin.min":    "pinned, resumes in %d min",
		"wall.pin.sec":    "pinned, resumes in %d s",
		"key.export":      "export CSV",
		"key.yank":        "copy case no.",
		"col.ack":         "Acknowledged",
		"caseack.choose":  "choose the alert to acknowledge: ↑/↓ move, enter takes it, esc cancels",
		"caseack.pending": "%s acknowledged by %s at %s, waiting to be delivered",
		"caseack.before":  "before: acknowledged by %s at %s",
		"yank.off":        "copying is off (clipboard = true or --clipboard)",
		"yank.done":       "copied %s",
		"bell.title":      "casewatch",
		"bell.body":       "%d new overdue · %s %s",
		"export.off":      "no export folder set (export_dir or --export-dir)",
		"export.busy":     "exporting…",
		"export.done":     "exported %d rows: %s",
		"export.failed":   "export failed: %s",
		"export.detected": "Detected",
		"export.ackby":    "Acknowledged by",
		"export.ackat":    "Acknowledged at",
		"export.acknote":  "Note",
	}
	for k, v := range zh {
		zhMessages[k] = v
	}
	for k, v := range en {
		enMessages[k] = v
	}
}
