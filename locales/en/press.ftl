# Press releases (news items of an organization).

organization-csto = Collective Security Treaty Organization
organization-csto-short = CSTO
press-release = Press release
press-date = { DATE($date) }
running-header-press = { $organization } · { $kind }
