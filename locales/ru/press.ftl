# Press releases (news items of an organization). Пресс-релизы.

organization-csto = Организация Договора о коллективной безопасности
organization-csto-short = ОДКБ
press-release = Пресс-релиз
press-date = { DATE($date) }
running-header-press = { $organization } · { $kind }
