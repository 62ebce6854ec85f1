# Press releases (news items of an organization). Communiqués de presse.

organization-csto = Organisation du Traité de sécurité collective
organization-csto-short = OTSC
press-release = Communiqué de presse
press-date = { DATE($date) }
running-header-press = { $organization } · { $kind }
