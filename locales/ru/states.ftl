# Member States, by ISO 3166 alpha-2 code. The value is the short name
# (именительный падеж); .of is the genitive form (родительный падеж), used in
# «постоянных представителей Армении …», «Постоянный представитель Армении …».

state-AM = Армения
    .of = Армении
state-BY = Беларусь
    .of = Беларуси
state-KZ = Казахстан
    .of = Казахстана
state-KG = Кыргызстан
    .of = Кыргызстана
state-RU = Российская Федерация
    .of = Российской Федерации
state-TJ = Таджикистан
    .of = Таджикистана
