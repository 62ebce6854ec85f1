# Letters from Member States and their annexes, Arabic (docs/un-format.md §4, §5.2).
# «رسالة مؤرخة … موجهة إلى … من …»; the addressee is in the nominative after إلى.

addressee-secretary-general = الأمين العام
addressee-president-security-council = رئيس مجلس الأمن
addressee-president-general-assembly = رئيس الجمعية العامة

# $states arrive as state-XX.of (with its لـ joined) for the first and state-XX.of-next for
# the others, joined with list-separator and list-last-separator (« و» joined to the name):
# «لأرمينيا وبيلاروس والاتحاد الروسي». No لـ or و may stand apart from its word.
# Exact match on 1; the plural spelling الممثلين الدائمين also serves the dual (2).
letter-senders = { $role ->
   *[permanent-representative] { $count ->
        [1] الممثل الدائم { $states } لدى الأمم المتحدة
       *[other] الممثلين الدائمين { $states } لدى الأمم المتحدة
    }
    [charge-d-affaires] القائم بالأعمال بالنيابة للبعثة الدائمة { $states } لدى الأمم المتحدة
}

letter-title = رسالة مؤرخة { DATE($date) } موجهة إلى { $addressee } من { $senders }

# $number is 0 for the only annex of a letter, which is not numbered.
# ORDINAL gives the masculine ordinal with the article: «المرفق الثاني».
annex-heading = { $number ->
    [0] مرفق الرسالة المؤرخة { DATE($date) } الموجهة إلى { $addressee } من { $senders }
   *[other] المرفق { ORDINAL($number) } للرسالة المؤرخة { DATE($date) } الموجهة إلى { $addressee } من { $senders }
}

annex-bookmark = { $number ->
    [0] المرفق
   *[other] المرفق { ORDINAL($number) }
}

# A reference to an annex inside running text: «(انظر المرفق الثاني)».
annex-reference = { $number ->
    [0] المرفق
   *[other] المرفق { ORDINAL($number) }
}

original-marker = [الأصل: { $lang ->
    [ar] بالعربية
    [zh] بالصينية
    [en] بالإنكليزية
    [fr] بالفرنسية
    [ru] بالروسية
   *[es] بالإسبانية
}]

signed = (توقيع)
# $state is state-XX.of, with its لـ joined.
signatory-title = { $role ->
   *[permanent-representative] الممثل الدائم { $state } لدى الأمم المتحدة
    [charge-d-affaires] القائم بالأعمال بالنيابة للبعثة الدائمة { $state } لدى الأمم المتحدة
}

place-date = { $place }، { DATE($date) }
