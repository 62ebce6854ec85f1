# Structured bodies, French: heading numbers, paragraph numbers, list markers, quotation marks, tables,
# and the formulas of reports, resolutions and notes (UN Editorial Manual, "Headings" and
# "Paragraphs and subparagraphs"; docs/un-format.md §0). Same ids, variables and select keys as en/structure.ftl.
# COUNTER($n, style: …) writes $n in a counting style (see en/structure.ftl for the list of styles).

# $level is 1 (chapter), 2, 3 or 4 (sub-heading): « I. », « A. », « 1. », « a) ».
heading-number = { $level ->
    [1] { COUNTER($n, style: "upper-roman") }.
    [2] { COUNTER($n, style: "upper-latin") }.
    [3] { $n }.
   *[other] { COUNTER($n, style: "lower-latin") })
}
# Numbered paragraphs: 1., 2., …
paragraph-number = { $n }.
# Markers of list items and sub-paragraphs: « a) », « i) ».
item-marker = { $style ->
    [letters] { COUNTER($n, style: "lower-latin") })
    [roman] { COUNTER($n, style: "lower-roman") })
    [numbers] { $n }.
    [bullet] •
   *[dash] –
}
# Guillemets with a no-break space (U+00A0) inside; inner quotation with “ ”.
quote-open = {"«\u00A0"}
quote-close = {"\u00A0»"}
quote-inner-open = “
quote-inner-close = ”

# Tables: the lines under a table (the program applies French spacing before the colon).
table-note = Note : { $text }
table-source = Source : { $text }

# Reports.
summary-heading = Résumé
# Notes by the Secretary-General or the Secretariat.
note-by = { $by ->
   *[secretary-general] Note du Secrétaire général
    [secretariat] Note du Secrétariat
}

# Subsidiary organs and bodies in the session block.
organ-human-rights-council = Conseil des droits de l’homme
organ-economic-and-social-council = Conseil économique et social
body-upr-working-group = Groupe de travail sur l’Examen périodique universel
# The masthead names the principal organ a subsidiary organ reports to.
masthead-organ = { $organ ->
    [security-council] Conseil de sécurité
    [economic-and-social-council] Conseil économique et social
   *[other] Assemblée générale
}
# « Trente-quatrième session » (session is feminine, as ga-session in masthead.ftl).
organ-session = { ORDINAL($session, gender: "feminine") } session
# The days of a session; $first and $last are dates.
# $same_month is "yes" when both days are in one month: the first day stands alone.
session-dates = { $same_month ->
    [yes] { DATE($first, format: "day") }-{ DATE($last) }
   *[no] { DATE($first) }-{ DATE($last) }
}
# An agenda item whose title is not given.
agenda-item-plain = Point { $item } de l’ordre du jour provisoire

# Adopted resolutions (A/RES/…).
resolution-adopted = Résolution adoptée par l’Assemblée générale le { DATE($date) }
# $committee is a Main Committee (first … sixth) or "none"; $draft the draft's symbol.
resolution-basis = { $committee ->
    [none] {"["}sans renvoi à une grande commission ({ $draft })]
   *[other] {"["}sur la base du rapport de la { $committee ->
        [first] Première
        [second] Deuxième
        [third] Troisième
        [fourth] Quatrième
        [fifth] Cinquième
       *[sixth] Sixième
    } Commission ({ $draft })]
}
resolution-title = { $number }. { $title }
resolution-organ = L’Assemblée générale,
resolution-meeting = { $meeting }e séance plénière
resolution-date = { DATE($date) }

# Endnotes, where a kind puts its notes at the end.
endnotes-heading = Notes

# The table of contents of a report (after page 1): its heading, the heads of its two
# columns, and the range of paragraphs under a heading ($first, $last; one number when the
# heading covers one paragraph).
# The heading of the contents' later pages.
contents-continued = Table des matières (suite)
contents-title = Table des matières
contents-paragraphs-head = Paragraphes
contents-page-head = Page
contents-paragraphs = { $count ->
    [1] { $first }
   *[other] { $first }–{ $last }
}
