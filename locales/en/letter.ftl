# Letters from Member States and their annexes (docs/un-format.md §4).

addressee-secretary-general = Secretary-General
addressee-president-security-council = President of the Security Council
addressee-president-general-assembly = President of the General Assembly

letter-senders = { $role ->
   *[permanent-representative] { $count ->
        [one] the Permanent Representative
       *[other] the Permanent Representatives
    } of { $states } to the United Nations
    [charge-d-affaires] the Chargé d’affaires a.i. of the Permanent Mission of { $states } to the United Nations
}

letter-title = Letter dated { DATE($date) } from { $senders } addressed to the { $addressee }

# $number is 0 for the only annex of a letter, which is not numbered.
annex-heading = { $number ->
    [0] Annex
   *[other] Annex { ROMAN($number) }
} to the letter dated { DATE($date) } from { $senders } addressed to the { $addressee }

annex-bookmark = { $number ->
    [0] Annex
   *[other] Annex { ROMAN($number) }
}

# A reference to an annex inside running text.
annex-reference = { $number ->
    [0] annex
   *[other] annex { ROMAN($number) }
}

original-marker = [Original: { $lang ->
    [ar] Arabic
    [zh] Chinese
    [en] English
    [fr] French
    [ru] Russian
   *[es] Spanish
}]

signed = (Signed)
signatory-title = { $role ->
   *[permanent-representative] Permanent Representative of { $state } to the United Nations
    [charge-d-affaires] Chargé d’affaires a.i. of the Permanent Mission of { $state } to the United Nations
}

place-date = { $place }, { DATE($date) }
