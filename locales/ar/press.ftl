# Press releases (news items of an organization), Arabic.

organization-csto = منظمة معاهدة الأمن الجماعي
organization-csto-short = المنظمة
press-release = نشرة صحفية
press-date = { DATE($date) }
running-header-press = { $organization } · { $kind }
