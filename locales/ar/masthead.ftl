# Masthead, page furniture and session block, Arabic (docs/un-format.md §1–2, §5).
# Functions: DATE($iso, format: "long"|"ddmmyy", locale: "xx"), ORDINAL($n, gender: "masculine"|"feminine"),
# ROMAN($n). Lists ($states, $items) arrive already joined with list-separator and list-last-separator.
# In the Arabic version the right-hand column of the masthead (Distr., date, version language, Original)
# stays in English, as in the Russian and Chinese versions. No bidi control characters here: the
# program sets the direction of each run.

united-nations = الأمم المتحدة
organ-general-assembly = الجمعية العامة
organ-security-council = مجلس الأمن

# Right-hand column of the masthead (stays in English in the Arabic version).
distribution = { $category ->
    [limited] Distr.: Limited
    [restricted] Distr.: Restricted
   *[general] Distr.: General
}
masthead-date = { DATE($date, locale: "en") }
# Printed only when this version is not the original.
version-language = Arabic
masthead-original = Original: { $lang ->
    [ar] Arabic
    [zh] Chinese
    [en] English
    [fr] French
    [ru] Russian
   *[es] Spanish
}

# Session block: one column per organ.
# ORDINAL returns the ordinal with the definite article; دورة and سنة are feminine:
# «الدورة الخامسة والسبعون»، «السنة السادسة والسبعون».
ga-session = الدورة { ORDINAL($session, gender: "feminine") }
sc-year = السنة { ORDINAL($ordinal, gender: "feminine") }
# Exact matches: singular (1), dual (2), plural (3 and more).
agenda-items = { $count ->
    [1] البند { $items } من جدول الأعمال
    [2] البندان { $items } من جدول الأعمال
   *[other] البنود { $items } من جدول الأعمال
}

# Arabic joins every item with «و», written with the next word (لأرمينيا وبيلاروس وطاجيكستان),
# but apart from a number: «البندان 32 و 38», as UN Arabic writes numbered items
# (.before-number is used before an item that starts with a figure).
list-separator = {" و"}
    .before-number = {" و "}
list-last-separator = {" و"}
    .before-number = {" و "}

# First-page footer: job number, language letter, dates as DDMMYY.
language-letter = A
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
ods-address = https://undocs.org/ar/{ $symbol }
# The words of the recycle mark. French and Russian UN pages print their own; this
# language's wording has not been confirmed on a real page here, so it stays English.
recycle = Please recycle
