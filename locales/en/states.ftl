# Member States, by ISO 3166 alpha-2 code. The value is the short name;
# .of is the form used after "of" (with the article where English has one).

state-AM = Armenia
    .of = Armenia
state-BY = Belarus
    .of = Belarus
state-KZ = Kazakhstan
    .of = Kazakhstan
state-KG = Kyrgyzstan
    .of = Kyrgyzstan
state-RU = Russian Federation
    .of = the Russian Federation
state-TJ = Tajikistan
    .of = Tajikistan
