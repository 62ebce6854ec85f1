# Press releases (news items of an organization), Chinese.

organization-csto = 集体安全条约组织
organization-csto-short = 集安组织
press-release = 新闻稿
press-date = { DATE($date) }
running-header-press = { $organization } · { $kind }
