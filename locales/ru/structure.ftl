# Structured bodies, Russian: heading numbers, paragraph numbers, list markers, quotation marks, tables,
# and the formulas of reports, resolutions and notes (UN Editorial Manual, "Headings" and
# "Paragraphs and subparagraphs"; docs/un-format.md §0). Same ids, variables and select keys as en/structure.ftl.
# COUNTER($n, style: …) writes $n in a counting style (see en/structure.ftl for the list of styles).

# $level is 1 (chapter), 2, 3 or 4 (sub-heading): «I.», «A.», «1.», «a)» (Latin letters, as in UN Russian).
heading-number = { $level ->
    [1] { COUNTER($n, style: "upper-roman") }.
    [2] { COUNTER($n, style: "upper-latin") }.
    [3] { $n }.
   *[other] { COUNTER($n, style: "lower-latin") })
}
# Numbered paragraphs: 1., 2., …
paragraph-number = { $n }.
# Markers of list items and sub-paragraphs: «a)», «i)».
item-marker = { $style ->
    [letters] { COUNTER($n, style: "lower-latin") })
    [roman] { COUNTER($n, style: "lower-roman") })
    [numbers] { $n }.
    [bullet] •
   *[dash] –
}
# Guillemets; the inner pair („ “) inside another quotation.
quote-open = «
quote-close = »
quote-inner-open = „
quote-inner-close = “

# Tables: the lines under a table.
table-note = Примечание: { $text }
table-source = Источник: { $text }

# Reports.
summary-heading = Резюме
# Notes by the Secretary-General or the Secretariat.
note-by = { $by ->
   *[secretary-general] Записка Генерального секретаря
    [secretariat] Записка Секретариата
}

# Subsidiary organs and bodies in the session block.
organ-human-rights-council = Совет по правам человека
organ-economic-and-social-council = Экономический и Социальный Совет
body-upr-working-group = Рабочая группа по универсальному периодическому обзору
# The masthead names the principal organ a subsidiary organ reports to.
masthead-organ = { $organ ->
    [security-council] Совет Безопасности
    [economic-and-social-council] Экономический и Социальный Совет
   *[other] Генеральная Ассамблея
}
# «Тридцать четвертая сессия» (feminine, as ga-session in masthead.ftl).
organ-session = { ORDINAL($session, gender: "feminine") } сессия
# The days of a session; $first and $last are dates.
# $same_month is "yes" when both days are in one month: the first day stands alone.
session-dates = { $same_month ->
    [yes] { DATE($first, format: "day") }–{ DATE($last) }
   *[no] { DATE($first) }–{ DATE($last) }
}
# An agenda item whose title is not given.
agenda-item-plain = Пункт { $item } предварительной повестки дня

# Adopted resolutions (A/RES/…).
resolution-adopted = Резолюция, принятая Генеральной Ассамблеей { DATE($date) }
# $committee is a Main Committee (first … sixth) or "none"; $draft the draft's symbol.
# Ordinals in the genitive: «по докладу Третьего комитета».
resolution-basis = { $committee ->
    [none] {"["}без передачи в главный комитет ({ $draft })]
   *[other] {"["}по докладу { $committee ->
        [first] Первого
        [second] Второго
        [third] Третьего
        [fourth] Четвертого
        [fifth] Пятого
       *[sixth] Шестого
    } комитета ({ $draft })]
}
resolution-title = { $number }. { $title }
resolution-organ = Генеральная Ассамблея,
resolution-meeting = { $meeting }-е пленарное заседание
resolution-date = { DATE($date) }

# Endnotes, where a kind puts its notes at the end.
endnotes-heading = Примечания

# The table of contents of a report (after page 1): its heading, the heads of its two
# columns, and the range of paragraphs under a heading ($first, $last; one number when the
# heading covers one paragraph).
# The heading of the contents' later pages.
contents-continued = Содержание (продолжение)
contents-title = Содержание
contents-paragraphs-head = Пункты
contents-page-head = Стр.
contents-paragraphs = { $count ->
    [1] { $first }
   *[other] { $first }–{ $last }
}
