# Lettres des États Membres et leurs annexes (docs/un-format.md §4, §5.2).
# Le destinataire comprend l’article contracté : « adressée au Secrétaire général ».

addressee-secretary-general = au Secrétaire général
addressee-president-security-council = au Président du Conseil de sécurité
addressee-president-general-assembly = au Président de l’Assemblée générale

# $states arrive as the .of forms (state-XX.of), which already carry « de »/« du » :
# « de l’Arménie, du Bélarus, … et du Tadjikistan ». Do not add another « de » here.
# Exact match on 1 rather than the plural category [one], which in French also covers 0.
letter-senders = { $role ->
   *[permanent-representative] { $count ->
        [1] le Représentant permanent
       *[other] les Représentants permanents
    } { $states } auprès de l’Organisation des Nations Unies
    [charge-d-affaires] le Chargé d’affaires par intérim de la Mission permanente { $states } auprès de l’Organisation des Nations Unies
}

letter-title = Lettre datée du { DATE($date) }, adressée { $addressee } par { $senders }

# $number is 0 for the only annex of a letter, which is not numbered.
annex-heading = { $number ->
    [0] Annexe
   *[other] Annexe { ROMAN($number) }
} de la lettre datée du { DATE($date) } adressée { $addressee } par { $senders }

annex-bookmark = { $number ->
    [0] Annexe
   *[other] Annexe { ROMAN($number) }
}

# A reference to an annex inside running text.
annex-reference = { $number ->
    [0] annexe
   *[other] annexe { ROMAN($number) }
}

# Espace insécable (U+00A0) avant le deux-points.
original-marker = [Original : { $lang ->
    [ar] arabe
    [zh] chinois
    [en] anglais
    [fr] français
    [ru] russe
   *[es] espagnol
}]

signed = (Signé)
# $state is the .of form, which already carries « de »/« du ».
signatory-title = { $role ->
   *[permanent-representative] Représentant permanent { $state } auprès de l’Organisation des Nations Unies
    [charge-d-affaires] Chargé d’affaires par intérim de la Mission permanente { $state } auprès de l’Organisation des Nations Unies
}

# « Douchanbé, le 19 mai 2021 ».
place-date = { $place }, le { DATE($date) }
