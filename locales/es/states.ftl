# Member States, by ISO 3166 alpha-2 code. The value is the short name;
# .of is the form used after «de» (with the article where Spanish has one),
# as in «los Representantes Permanentes de Armenia …», «de la Federación de Rusia».

state-AM = Armenia
    .of = Armenia
state-BY = Belarús
    .of = Belarús
state-KZ = Kazajstán
    .of = Kazajstán
state-KG = Kirguistán
    .of = Kirguistán
state-RU = Federación de Rusia
    .of = la Federación de Rusia
state-TJ = Tayikistán
    .of = Tayikistán
