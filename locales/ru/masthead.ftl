# Шапка, колонтитулы и блок сессии (docs/un-format.md §1–2).
# Functions: DATE($iso, format: "long"|"ddmmyy", locale: "xx"), ORDINAL($n, gender: "masculine"|"feminine"),
# ROMAN($n). Lists ($states, $items) arrive already joined with list-separator and list-last-separator.
# В русской версии правая колонка шапки (Distr., дата, язык версии, Original) остается на английском языке.

united-nations = Организация Объединенных Наций
organ-general-assembly = Генеральная Ассамблея
organ-security-council = Совет Безопасности

# Right-hand column of the masthead (stays in English in the Russian version).
distribution = { $category ->
    [limited] Distr.: Limited
    [restricted] Distr.: Restricted
   *[general] Distr.: General
}
masthead-date = { DATE($date, locale: "en") }
# Printed only when this version is not the original.
version-language = Russian
masthead-original = Original: { $lang ->
    [ar] Arabic
    [zh] Chinese
    [en] English
    [fr] French
    [ru] Russian
   *[es] Spanish
}

# Session block: one column per organ.
# «Семьдесят пятая сессия» (женский род), «Семьдесят шестой год» (мужской род).
ga-session = { ORDINAL($session, gender: "feminine") } сессия
sc-year = { ORDINAL($ordinal, gender: "masculine") } год
# Exact match on 1 rather than the plural category [one], which in Russian also covers 21, 31, …
agenda-items = { $count ->
    [1] Пункт { $items } повестки дня
   *[other] Пункты { $items } повестки дня
}

list-separator = {", "}
list-last-separator = {" и "}

# First-page footer: job number, language letter, dates as DDMMYY.
language-letter = R
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
ods-address = https://undocs.org/ru/{ $symbol }
# The words of the recycle mark, in the language of the version: the Russian of
# A/HRC/WG.6/34/ITA/3 (page 1) reads so.
recycle = Просьба отправить на вторичную переработку
