# Cartas de Estados Miembros y sus anexos (docs/un-format.md §4, §5.2).
# El destinatario lleva el artículo contraído: «dirigida al Secretario General».

addressee-secretary-general = al Secretario General
addressee-president-security-council = al Presidente del Consejo de Seguridad
addressee-president-general-assembly = al Presidente de la Asamblea General

# $states arrive as the .of forms (state-XX.of), without the preposition
# («Armenia, Belarús, … la Federación de Rusia y Tayikistán»); «de» is written here.
# Exact match on 1 rather than the plural category [one].
letter-senders = { $role ->
   *[permanent-representative] { $count ->
        [1] el Representante Permanente
       *[other] los Representantes Permanentes
    } de { $states } ante las Naciones Unidas
    [charge-d-affaires] el Encargado de Negocios interino de la Misión Permanente de { $states } ante las Naciones Unidas
}

letter-title = Carta de fecha { DATE($date) } dirigida { $addressee } por { $senders }

# $number is 0 for the only annex of a letter, which is not numbered.
annex-heading = { $number ->
    [0] Anexo
   *[other] Anexo { ROMAN($number) }
} de la carta de fecha { DATE($date) } dirigida { $addressee } por { $senders }

annex-bookmark = { $number ->
    [0] Anexo
   *[other] Anexo { ROMAN($number) }
}

# A reference to an annex inside running text.
annex-reference = { $number ->
    [0] anexo
   *[other] anexo { ROMAN($number) }
}

original-marker = [Original: { $lang ->
    [ar] árabe
    [zh] chino
    [en] inglés
    [fr] francés
    [ru] ruso
   *[es] español
}]

signed = (Firmado)
signatory-title = { $role ->
   *[permanent-representative] Representante Permanente de { $state } ante las Naciones Unidas
    [charge-d-affaires] Encargado de Negocios interino de la Misión Permanente de { $state } ante las Naciones Unidas
}

# «Dushanbé, 19 de mayo de 2021».
place-date = { $place }, { DATE($date) }
