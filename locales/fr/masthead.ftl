# En-tête (cartouche), éléments de page et bloc de session (docs/un-format.md §1–2).
# Functions: DATE($iso, format: "long"|"ddmmyy", locale: "xx"), ORDINAL($n, gender: "masculine"|"feminine"),
# ROMAN($n). Lists ($states, $items) arrive already joined with list-separator and list-last-separator.
# Contrairement aux versions russe, arabe et chinoise, la version française localise la colonne de droite
# de l’en-tête (Distr., date, langue de la version, Original).

united-nations = Nations Unies
organ-general-assembly = Assemblée générale
organ-security-council = Conseil de sécurité

# Right-hand column of the masthead (localised in French).
distribution = { $category ->
    [limited] Distr. limitée
    [restricted] Distr. restreinte
   *[general] Distr. générale
}
masthead-date = { DATE($date) }
# Printed only when this version is not the original.
version-language = Français
# Espace insécable (U+00A0) avant le deux-points ; noms de langue en minuscules.
masthead-original = Original : { $lang ->
    [ar] arabe
    [zh] chinois
    [en] anglais
    [fr] français
    [ru] russe
   *[es] espagnol
}

# Session block: one column per organ.
# « Soixante-quinzième session », « Soixante-seizième année » (féminin : « Première session »).
ga-session = { ORDINAL($session, gender: "feminine") } session
sc-year = { ORDINAL($ordinal, gender: "feminine") } année
# Exact match on 1 rather than the plural category [one], which in French also covers 0.
agenda-items = { $count ->
    [1] Point { $items } de l’ordre du jour
   *[other] Points { $items } de l’ordre du jour
}

list-separator = {", "}
list-last-separator = {" et "}

# First-page footer: job number, language letter, dates as DDMMYY.
language-letter = F
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
ods-address = https://undocs.org/fr/{ $symbol }
# The words of the recycle mark, in the language of the version, as French UN documents
# print them.
recycle = Merci de recycler
