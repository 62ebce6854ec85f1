# Structured bodies: heading numbers, paragraph numbers, list markers, quotation marks, tables,
# and the formulas of reports, resolutions and notes (UN Editorial Manual, "Headings" and
# "Paragraphs and subparagraphs"; docs/un-format.md §0).
# COUNTER($n, style: "decimal"|"upper-roman"|"lower-roman"|"upper-latin"|"lower-latin"|"abjad"|
#   "abjad-names"|"arabic-ordinal"|"han"|"parenthesized-han"|"english-ordinal") writes $n in a counting style.

# $level is 1 (chapter), 2, 3 or 4 (sub-heading); $n counts from 1 under the heading above.
heading-number = { $level ->
    [1] { COUNTER($n, style: "upper-roman") }.
    [2] { COUNTER($n, style: "upper-latin") }.
    [3] { $n }.
   *[other] ({ COUNTER($n, style: "lower-latin") })
}
# Numbered paragraphs: 1., 2., … (the number stands in its own column).
paragraph-number = { $n }.
# Markers of list items and sub-paragraphs; $depth is 1 for sub-paragraphs of a paragraph.
item-marker = { $style ->
    [letters] ({ COUNTER($n, style: "lower-latin") })
    [roman] ({ COUNTER($n, style: "lower-roman") })
    [numbers] { $n }.
    [bullet] •
   *[dash] –
}
# Quotation marks around {q:…}; the inner pair inside another quotation.
quote-open = “
quote-close = ”
quote-inner-open = ‘
quote-inner-close = ’

# Tables: the lines under a table.
table-note = Note: { $text }
table-source = Source: { $text }

# Reports.
summary-heading = Summary
# Notes by the Secretary-General or the Secretariat.
note-by = { $by ->
   *[secretary-general] Note by the Secretary-General
    [secretariat] Note by the Secretariat
}

# Subsidiary organs and bodies in the session block.
organ-human-rights-council = Human Rights Council
organ-economic-and-social-council = Economic and Social Council
body-upr-working-group = Working Group on the Universal Periodic Review
# The masthead names the principal organ a subsidiary organ reports to.
masthead-organ = { $organ ->
    [security-council] Security Council
    [economic-and-social-council] Economic and Social Council
   *[other] General Assembly
}
# A numbered session of a subsidiary organ ("Thirty-fourth session").
organ-session = { ORDINAL($session) } session
# The days of a session: "4–15 November 2019"; $first and $last are dates.
# $same_month is "yes" when both days are in one month: the first day stands alone.
session-dates = { $same_month ->
    [yes] { DATE($first, format: "day") }–{ DATE($last) }
   *[no] { DATE($first) }–{ DATE($last) }
}
# An agenda item whose title is not given.
agenda-item-plain = Item { $item } of the provisional agenda

# Adopted resolutions (A/RES/…): "Resolution adopted by the General Assembly on 20 December 1993".
resolution-adopted = Resolution adopted by the General Assembly on { DATE($date) }
# $committee is a Main Committee (first … sixth) or "none"; $draft the draft's symbol.
resolution-basis = { $committee ->
    [none] [without reference to a Main Committee ({ $draft })]
   *[other] [on the report of the { $committee ->
        [first] First
        [second] Second
        [third] Third
        [fourth] Fourth
        [fifth] Fifth
       *[sixth] Sixth
    } Committee ({ $draft })]
}
resolution-title = { $number }. { $title }
resolution-organ = The General Assembly,
resolution-meeting = { COUNTER($meeting, style: "english-ordinal") } plenary meeting
resolution-date = { DATE($date) }

# Endnotes, where a kind puts its notes at the end.
endnotes-heading = Notes

# The table of contents of a report (after page 1): its heading, the heads of its two
# columns, and the range of paragraphs under a heading ($first, $last; one number when the
# heading covers one paragraph).
# The heading of the contents' later pages.
contents-continued = Contents (continued)
contents-title = Contents
contents-paragraphs-head = Paragraphs
contents-page-head = Page
contents-paragraphs = { $count ->
    [1] { $first }
   *[other] { $first }–{ $last }
}
