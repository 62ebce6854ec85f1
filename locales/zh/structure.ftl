# Structured bodies, Chinese: heading numbers, paragraph numbers, list markers, quotation marks, tables,
# and the formulas of reports, resolutions and notes (UN Editorial Manual, "Headings" and
# "Paragraphs and subparagraphs"; docs/un-format.md §0). Same ids, variables and select keys as en/structure.ftl.
# COUNTER($n, style: …) writes $n in a counting style (see en/structure.ftl for the list of styles).

# $level is 1 (chapter), 2, 3 or 4 (sub-heading): «一.», «A.», «1.», «(a)».
heading-number = { $level ->
    [1] { COUNTER($n, style: "han") }.
    [2] { COUNTER($n, style: "upper-latin") }.
    [3] { $n }.
   *[other] ({ COUNTER($n, style: "lower-latin") })
}
# Numbered paragraphs: 1., 2., …
paragraph-number = { $n }.
# Markers of list items and sub-paragraphs: «(a)», «㈠».
item-marker = { $style ->
    [letters] ({ COUNTER($n, style: "lower-latin") })
    [roman] { COUNTER($n, style: "parenthesized-han") }
    [numbers] { $n }.
    [bullet] •
   *[dash] –
}
# Quotation marks; the inner pair inside another quotation.
quote-open = “
quote-close = ”
quote-inner-open = ‘
quote-inner-close = ’

# Tables: the lines under a table (full-width colon, no space).
table-note = 注：{ $text }
table-source = 资料来源：{ $text }

# Reports.
summary-heading = 摘要
# Notes by the Secretary-General or the Secretariat.
note-by = { $by ->
   *[secretary-general] 秘书长的说明
    [secretariat] 秘书处的说明
}

# Subsidiary organs and bodies in the session block.
organ-human-rights-council = 人权理事会
organ-economic-and-social-council = 经济及社会理事会
body-upr-working-group = 普遍定期审议工作组
# The masthead names the principal organ a subsidiary organ reports to.
masthead-organ = { $organ ->
    [security-council] 安全理事会
    [economic-and-social-council] 经济及社会理事会
   *[other] 大会
}
# «第三十四届会议», as ga-session in masthead.ftl.
organ-session = { ORDINAL($session) }届会议
# The days of a session, joined with 至: «2019年11月4日至15日».
# $same_month is "yes" when both days are in one month: the first day stands alone.
session-dates = { $same_month ->
    [yes] { DATE($first) }至{ DATE($last, format: "day") }
   *[no] { DATE($first) }至{ DATE($last) }
}
# An agenda item whose title is not given.
agenda-item-plain = 临时议程项目{ $item }

# Adopted resolutions (A/RES/…).
resolution-adopted = { DATE($date) }大会决议
# $committee is a Main Committee (first … sixth) or "none"; $draft the draft's symbol.
resolution-basis = { $committee ->
    [none] {"["}未经发交主要委员会而通过({ $draft })]
   *[other] {"["}根据{ $committee ->
        [first] 第一
        [second] 第二
        [third] 第三
        [fourth] 第四
        [fifth] 第五
       *[sixth] 第六
    }委员会的报告({ $draft })通过]
}
resolution-title = { $number }. { $title }
resolution-organ = 大会，
resolution-meeting = 第{ $meeting }次全体会议
resolution-date = { DATE($date) }

# Endnotes, where a kind puts its notes at the end.
endnotes-heading = 注

# The table of contents of a report (after page 1): its heading, the heads of its two
# columns, and the range of paragraphs under a heading ($first, $last; one number when the
# heading covers one paragraph).
# The heading of the contents' later pages.
contents-continued = 目录（续）
contents-title = 目录
contents-paragraphs-head = 段次
contents-page-head = 页次
contents-paragraphs = { $count ->
    [1] { $first }
   *[other] { $first }–{ $last }
}
