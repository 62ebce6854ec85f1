# Member States, by ISO 3166 alpha-2 code, Arabic. The value is the short name;
# .of is the form used after «لـ» in the letter formulas (the same name in Arabic).

state-AM = أرمينيا
    .of = أرمينيا
state-BY = بيلاروس
    .of = بيلاروس
state-KZ = كازاخستان
    .of = كازاخستان
state-KG = قيرغيزستان
    .of = قيرغيزستان
state-RU = الاتحاد الروسي
    .of = الاتحاد الروسي
state-TJ = طاجيكستان
    .of = طاجيكستان
