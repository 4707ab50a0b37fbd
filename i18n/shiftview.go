package i18n

// Screens that never hide what matters (issue 14): the alerts' chip line,
// list positions, the refused-action prompt, the case system's clock and
// zone, absolute due times.
func init() {
	zh := map[string]string{
		"col.dueat":       "到期时间",
		"chip.scope":      "范围 %s",
		"chip.level":      "级别 %s",
		"chip.category":   "类别 %s",
		"chip.query":      "含“%s”",
		"chip.sort":       "排序 %s",
		"chip.nofilter":   "无筛选",
		"chip.shown":      "显示 %d / %d",
		"chip.clear":      "esc 清除筛选",
		"scope.to":        "范围：%s",
		"scope.carried":   "范围：%s · 筛选保留：%s（esc 清除）",
		"pos":             "%d / %d",
		"refused.hint":    "（回车或 Esc 关闭；此处键入的字不作命令）",
		"refused.noalert": "没有选中的预警，无可确认",
		"clock.zone":      "案件系统时间 %s",
		"clock.hour":      "时",
		"clock.sim":       "模拟 %s %s",
		"clock.frozen":    "模拟 %s 已暂停",
		"clock.stale":     "模拟 %s 过时",
		"key.abstime":     "到期时间/倒计时",
		"key.seen":        "全部标为已读",
		"help.here":       "本页",
		"help.notices":    "流程监控通知书",
		"help.global":     "全局",
		"help.alerts":     "流程监控预警",
		"help.inds":       "评价指标",
		"help.cov":        "权责清单",
		"help.views":      "详情页",
		"help.scroll":     "↑/↓ 滚动 · ? 或 Esc 关闭",
		"help.legend":     "图例",
		"scope.unknown":   "--scope %s：没有这个单位",
		"cov.order":       "越权多者在前",
	}
	en := map[string]string{
		"col.dueat":       "Due at",
		"chip.scope":      "scope %s",
		"chip.level":      "level %s",
		"chip.category":   "category %s",
		"chip.query":      "matching “%s”",
		"chip.sort":       "sort %s",
		"chip.nofilter":   "no filter",
		"chip.shown":      "showing %d / %d",
		"chip.clear":      "esc clears filters",
		"scope.to":        "Scope: %s",
		"scope.carried":   "Scope: %s · filters kept: %s (esc clears)",
		"pos":             "%d / %d",
		"refused.hint":    " (enter or esc closes; what you type here is not a command)",
		"refused.noalert": "No alert selected: nothing to acknowledge",
		"clock.zone":      "case system time %s",
		"clock.hour":      "h",
		"clock.sim":       "sim %s %s",
		"clock.frozen":    "sim %s paused",
		"clock.stale":     "sim %s stale",
		"key.abstime":     "due at / countdown",
		"key.seen":        "mark all as seen",
		"help.here":       "This screen",
		"help.notices":    "Notices",
		"help.global":     "Everywhere",
		"help.alerts":     "Process alerts",
		"help.inds":       "Indicators",
		"help.cov":        "Responsibility list",
		"help.views":      "Detail views",
		"help.scroll":     "↑/↓ scroll · ? or esc closes",
		"help.legend":     "Legend",
		"scope.unknown":   "--scope %s: no such unit",
		"cov.order":       "most beyond authority first",
	}
	for k, v := range zh {
		zhMessages[k] = v
	}
	for k, v := range en {
		enMessages[k] = v
	}
}
