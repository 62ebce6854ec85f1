# Structured bodies, Spanish: heading numbers, paragraph numbers, list markers, quotation marks, tables,
# and the formulas of reports, resolutions and notes (UN Editorial Manual, "Headings" and
# "Paragraphs and subparagraphs"; docs/un-format.md §0). Same ids, variables and select keys as en/structure.ftl.
# COUNTER($n, style: …) writes $n in a counting style (see en/structure.ftl for the list of styles).

# $level is 1 (chapter), 2, 3 or 4 (sub-heading): «I.», «A.», «1.», «a)».
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
# Quotation marks; the inner pair inside another quotation.
quote-open = “
quote-close = ”
quote-inner-open = ‘
quote-inner-close = ’

# Tables: the lines under a table.
table-note = Nota: { $text }
table-source = Fuente: { $text }

# Reports.
summary-heading = Resumen
# Notes by the Secretary-General or the Secretariat.
note-by = { $by ->
   *[secretary-general] Nota del Secretario General
    [secretariat] Nota de la Secretaría
}

# Subsidiary organs and bodies in the session block.
organ-human-rights-council = Consejo de Derechos Humanos
organ-economic-and-social-council = Consejo Económico y Social
body-upr-working-group = Grupo de Trabajo sobre el Examen Periódico Universal
# The masthead names the principal organ a subsidiary organ reports to.
masthead-organ = { $organ ->
    [security-council] Consejo de Seguridad
    [economic-and-social-council] Consejo Económico y Social
   *[other] Asamblea General
}
# «Trigésimo cuarto período de sesiones» (masculine, as ga-session in masthead.ftl).
organ-session = { ORDINAL($session, gender: "masculine") } período de sesiones
# The days of a session, joined with «a» as UN Spanish writes ranges («4 a 15 de noviembre de 2019»);
# $first and $last are dates.
# $same_month is "yes" when both days are in one month: the first day stands alone.
session-dates = { $same_month ->
    [yes] { DATE($first, format: "day") } a { DATE($last) }
   *[no] { DATE($first) } a { DATE($last) }
}
# An agenda item whose title is not given.
agenda-item-plain = Tema { $item } del programa provisional

# Adopted resolutions (A/RES/…).
resolution-adopted = Resolución aprobada por la Asamblea General el { DATE($date) }
# $committee is a Main Committee (first … sixth) or "none"; $draft the draft's symbol.
resolution-basis = { $committee ->
    [none] {"["}sin remisión previa a una Comisión Principal ({ $draft })]
   *[other] {"["}sobre la base del informe de la { $committee ->
        [first] Primera
        [second] Segunda
        [third] Tercera
        [fourth] Cuarta
        [fifth] Quinta
       *[sixth] Sexta
    } Comisión ({ $draft })]
}
resolution-title = { $number }. { $title }
resolution-organ = La Asamblea General,
# Feminine ordinal indicator (U+00AA): «52ª sesión plenaria».
resolution-meeting = { $meeting }ª sesión plenaria
resolution-date = { DATE($date) }

# Endnotes, where a kind puts its notes at the end.
endnotes-heading = Notas

# The table of contents of a report (after page 1): its heading, the heads of its two
# columns, and the range of paragraphs under a heading ($first, $last; one number when the
# heading covers one paragraph).
# The heading of the contents' later pages.
contents-continued = Índice (continuación)
contents-title = Índice
contents-paragraphs-head = Párrafos
contents-page-head = Página
contents-paragraphs = { $count ->
    [1] { $first }
   *[other] { $first }–{ $last }
}
