# Member States, by ISO 3166 alpha-2 code. The value is the short name;
# .of is the form used after a noun, with the preposition and the article
# (« de l’Arménie », « du Bélarus », « de la Fédération de Russie »), as in
# « les Représentants permanents de l’Arménie … », « Représentant permanent du Bélarus … ».

state-AM = Arménie
    .of = de l’Arménie
state-BY = Bélarus
    .of = du Bélarus
state-KZ = Kazakhstan
    .of = du Kazakhstan
state-KG = Kirghizistan
    .of = du Kirghizistan
state-RU = Fédération de Russie
    .of = de la Fédération de Russie
state-TJ = Tadjikistan
    .of = du Tadjikistan
