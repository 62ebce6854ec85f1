# Masthead, page furniture and session block, Chinese (docs/un-format.md §1–2, §5).
# Functions: DATE($iso, format: "long"|"ddmmyy", locale: "xx"), ORDINAL($n, gender: "masculine"|"feminine", form: "bare"),
# ROMAN($n). Lists ($states, $items) arrive already joined with list-separator and list-last-separator.
# In the Chinese version the right-hand column of the masthead (Distr., date, version language, Original)
# stays in English, as in the Russian and Arabic versions.

united-nations = 联合国
organ-general-assembly = 大会
organ-security-council = 安全理事会

# Right-hand column of the masthead (stays in English in the Chinese version).
distribution = { $category ->
    [limited] Distr.: Limited
    [restricted] Distr.: Restricted
   *[general] Distr.: General
}
masthead-date = { DATE($date, locale: "en") }
# Printed only when this version is not the original.
version-language = Chinese
masthead-original = Original: { $lang ->
    [ar] Arabic
    [zh] Chinese
    [en] English
    [fr] French
    [ru] Russian
   *[es] Spanish
}

# Session block: one column per organ. ORDINAL gives «第七十五»: «第七十五届会议»、«第七十六年».
ga-session = { ORDINAL($session) }届会议
sc-year = { ORDINAL($ordinal) }年
# Chinese does not inflect for number: «议程项目126»、«议程项目32和38».
agenda-items = { $count ->
   *[other] 议程项目{ $items }
}

list-separator = {"、"}
list-last-separator = {"和"}

# First-page footer: job number, language letter, dates as DDMMYY.
language-letter = C
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
ods-address = https://undocs.org/zh/{ $symbol }
# The words of the recycle mark. French and Russian UN pages print their own; this
# language's wording has not been confirmed on a real page here, so it stays English.
recycle = Please recycle
