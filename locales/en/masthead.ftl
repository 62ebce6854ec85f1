# Masthead, page furniture and session block (docs/un-format.md §1–2).
# Functions: DATE($iso, format: "long"|"ddmmyy", locale: "xx"), ORDINAL($n, gender: "masculine"|"feminine"),
# ROMAN($n). Lists ($states, $items) arrive already joined with list-separator and list-last-separator.

united-nations = United Nations
organ-general-assembly = General Assembly
organ-security-council = Security Council

# Right-hand column of the masthead.
distribution = { $category ->
    [limited] Distr.: Limited
    [restricted] Distr.: Restricted
   *[general] Distr.: General
}
masthead-date = { DATE($date) }
# Printed only when this version is not the original.
version-language = English
masthead-original = Original: { $lang ->
    [ar] Arabic
    [zh] Chinese
    [en] English
    [fr] French
    [ru] Russian
   *[es] Spanish
}

# Session block: one column per organ.
ga-session = { ORDINAL($session) } session
sc-year = { ORDINAL($ordinal) } year
agenda-items = { $count ->
    [one] Agenda item { $items }
   *[other] Agenda items { $items }
}

list-separator = {", "}
list-last-separator = {" and "}

# First-page footer: job number, language letter, dates as DDMMYY.
language-letter = E
first-page-footer = { $job } ({ $letter })    { $dates }

# Later pages: {page} and {total} are filled in by the paginator.
# Geneva pages print the page alone ("2", A/HRC/WG.6/34/ITA/3), New York pages "2/18".
page-number = { $station ->
    [geneva] { $page }
   *[other] { $page }/{ $total }
}

# Page 1: the QR code's address, the document on the Official Document System: the English
# version at undocs.org/<symbol>, the others under their language code (read from the QR codes
# of A/HRC/WG.6/34/ITA/3 in English and Russian).
ods-address = https://undocs.org/{ $symbol }
# The words of the recycle mark, in the language of the version (French and Russian pages
# print their own).
recycle = Please recycle
