# Structured bodies, Arabic: heading numbers, paragraph numbers, list markers, quotation marks, tables,
# and the formulas of reports, resolutions and notes (UN Editorial Manual, "Headings" and
# "Paragraphs and subparagraphs"; docs/un-format.md §0). Same ids, variables and select keys as en/structure.ftl.
# COUNTER($n, style: …) writes $n in a counting style (see en/structure.ftl for the list of styles).
# No bidi control characters here: the program sets the direction of each run.

# $level is 1 (chapter), 2, 3 or 4 (sub-heading): «أولا -»، «ألف -»، «1 -»، «(أ)».
heading-number = { $level ->
    [1] { COUNTER($n, style: "arabic-ordinal") } -
    [2] { COUNTER($n, style: "abjad-names") } -
    [3] { $n } -
   *[other] ({ COUNTER($n, style: "abjad") })
}
# Numbered paragraphs: «1 -»، «2 -»، …
paragraph-number = { $n } -
# Markers of list items and sub-paragraphs: «(أ)»، «(1)».
item-marker = { $style ->
    [letters] ({ COUNTER($n, style: "abjad") })
    [roman] ({ $n })
    [numbers] { $n } -
    [bullet] •
   *[dash] –
}
# Guillemets; the inner pair inside another quotation.
quote-open = «
quote-close = »
quote-inner-open = “
quote-inner-close = ”

# Tables: the lines under a table.
table-note = ملاحظة: { $text }
table-source = المصدر: { $text }

# Reports.
summary-heading = موجز
# Notes by the Secretary-General or the Secretariat.
note-by = { $by ->
   *[secretary-general] مذكرة من الأمين العام
    [secretariat] مذكرة من الأمانة العامة
}

# Subsidiary organs and bodies in the session block.
organ-human-rights-council = مجلس حقوق الإنسان
organ-economic-and-social-council = المجلس الاقتصادي والاجتماعي
body-upr-working-group = الفريق العامل المعني بالاستعراض الدوري الشامل
# The masthead names the principal organ a subsidiary organ reports to.
masthead-organ = { $organ ->
    [security-council] مجلس الأمن
    [economic-and-social-council] المجلس الاقتصادي والاجتماعي
   *[other] الجمعية العامة
}
# «الدورة الرابعة والثلاثون» (دورة is feminine, as ga-session in masthead.ftl).
organ-session = الدورة { ORDINAL($session, gender: "feminine") }
# The days of a session; $first and $last are dates.
# $same_month is "yes" when both days are in one month: the first day stands alone.
session-dates = { $same_month ->
    [yes] { DATE($first, format: "day") }-{ DATE($last) }
   *[no] { DATE($first) }-{ DATE($last) }
}
# An agenda item whose title is not given.
agenda-item-plain = البند { $item } من جدول الأعمال المؤقت

# Adopted resolutions (A/RES/…).
resolution-adopted = قرار اتخذته الجمعية العامة في { DATE($date) }
# $committee is a Main Committee (first … sixth) or "none"; $draft the draft's symbol.
# Feminine ordinals agreeing with اللجنة: «اللجنة الثالثة».
resolution-basis = { $committee ->
    [none] {"["}دون إحالة إلى لجنة رئيسية ({ $draft })]
   *[other] {"["}بناء على تقرير اللجنة { $committee ->
        [first] الأولى
        [second] الثانية
        [third] الثالثة
        [fourth] الرابعة
        [fifth] الخامسة
       *[sixth] السادسة
    } ({ $draft })]
}
resolution-title = { $number } - { $title }
resolution-organ = إن الجمعية العامة،
resolution-meeting = الجلسة العامة { $meeting }
resolution-date = { DATE($date) }

# Endnotes, where a kind puts its notes at the end.
endnotes-heading = الحواشي

# The table of contents of a report (after page 1): its heading, the heads of its two
# columns, and the range of paragraphs under a heading ($first, $last; one number when the
# heading covers one paragraph).
# The heading of the contents' later pages.
contents-continued = المحتويات (تابع)
contents-title = المحتويات
contents-paragraphs-head = الفقرات
contents-page-head = الصفحة
# The range reads left to right, as numbers do (the isolate keeps the dash from turning it round).
contents-paragraphs = { $count ->
    [1] { $first }
   *[other] {"\u2066"}{ $first }–{ $last }{"\u2069"}
}
