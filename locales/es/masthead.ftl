# Encabezado (mancheta), elementos de página y bloque del período de sesiones (docs/un-format.md §1–2).
# Functions: DATE($iso, format: "long"|"ddmmyy", locale: "xx"), ORDINAL($n, gender: "masculine"|"feminine"),
# ROMAN($n). Lists ($states, $items) arrive already joined with list-separator and list-last-separator.
# A diferencia de las versiones rusa, árabe y china, la versión española localiza la columna derecha
# del encabezado (Distr., fecha, idioma de la versión, Original).

united-nations = Naciones Unidas
organ-general-assembly = Asamblea General
organ-security-council = Consejo de Seguridad

# Right-hand column of the masthead (localised in Spanish).
distribution = { $category ->
    [limited] Distr. limitada
    [restricted] Distr. reservada
   *[general] Distr. general
}
masthead-date = { DATE($date) }
# Printed only when this version is not the original.
version-language = Español
# Nombres de idiomas en minúscula.
masthead-original = Original: { $lang ->
    [ar] árabe
    [zh] chino
    [en] inglés
    [fr] francés
    [ru] ruso
   *[es] español
}

# Session block: one column per organ.
# «Septuagésimo quinto período de sesiones», «Septuagésimo sexto año» (masculino).
ga-session = { ORDINAL($session, gender: "masculine") } período de sesiones
sc-year = { ORDINAL($ordinal, gender: "masculine") } año
# Exact match on 1 rather than the plural category [one].
agenda-items = { $count ->
    [1] Tema { $items } del programa
   *[other] Temas { $items } del programa
}

list-separator = {", "}
list-last-separator = {" y "}

# First-page footer: job number, language letter, dates as DDMMYY.
language-letter = S
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
ods-address = https://undocs.org/es/{ $symbol }
# The words of the recycle mark. French and Russian UN pages print their own; this
# language's wording has not been confirmed on a real page here, so it stays English.
recycle = Please recycle
