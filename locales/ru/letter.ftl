# Письма государств-членов и приложения к ним (docs/un-format.md §4).
# Адресат стоит в родительном падеже: «… на имя Генерального секретаря».

addressee-secretary-general = Генерального секретаря
addressee-president-security-council = Председателя Совета Безопасности
addressee-president-general-assembly = Председателя Генеральной Ассамблеи

# $states arrive as genitive forms (state-XX.of): «Армении, Беларуси … и Таджикистана».
# Exact match on 1 rather than the plural category [one], which in Russian also covers 21, 31, …
letter-senders = { $role ->
   *[permanent-representative] { $count ->
        [1] Постоянного представителя
       *[other] постоянных представителей
    } { $states } при Организации Объединенных Наций
    [charge-d-affaires] Временного поверенного в делах Постоянного представительства { $states } при Организации Объединенных Наций
}

letter-title = Письмо { $senders } от { DATE($date) } на имя { $addressee }

# $number is 0 for the only annex of a letter, which is not numbered.
annex-heading = { $number ->
    [0] Приложение
   *[other] Приложение { ROMAN($number) }
} к письму { $senders } от { DATE($date) } на имя { $addressee }

annex-bookmark = { $number ->
    [0] Приложение
   *[other] Приложение { ROMAN($number) }
}

# A reference to an annex inside running text.
annex-reference = { $number ->
    [0] приложение
   *[other] приложение { ROMAN($number) }
}

# Названия языков в предложном падеже.
original-marker = [Подлинный текст на { $lang ->
    [ar] арабском
    [zh] китайском
    [en] английском
    [fr] французском
    [ru] русском
   *[es] испанском
} языке]

signed = (Подпись)
signatory-title = { $role ->
   *[permanent-representative] Постоянный представитель { $state } при Организации Объединенных Наций
    [charge-d-affaires] Временный поверенный в делах Постоянного представительства { $state } при Организации Объединенных Наций
}

place-date = { $place }, { DATE($date) }
