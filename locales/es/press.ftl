# Press releases (news items of an organization). Comunicados de prensa.

organization-csto = Organización del Tratado de Seguridad Colectiva
organization-csto-short = OTSC
press-release = Comunicado de prensa
press-date = { DATE($date) }
running-header-press = { $organization } · { $kind }
