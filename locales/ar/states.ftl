# Member States, by ISO 3166 alpha-2 code, Arabic. The value is the short name.
# .of is the form the formulas need after «الممثل الدائم» and «للبعثة الدائمة»: the
# preposition لـ joined to the name (لأرمينيا), merged with the article (للاتحاد الروسي);
# .of-next is the form of the States after the first in a list, which «و» joins
# (لأرمينيا وبيلاروس): the name alone.

state-AM = أرمينيا
    .of = لأرمينيا
    .of-next = أرمينيا
state-BY = بيلاروس
    .of = لبيلاروس
    .of-next = بيلاروس
state-KZ = كازاخستان
    .of = لكازاخستان
    .of-next = كازاخستان
state-KG = قيرغيزستان
    .of = لقيرغيزستان
    .of-next = قيرغيزستان
state-RU = الاتحاد الروسي
    .of = للاتحاد الروسي
    .of-next = الاتحاد الروسي
state-TJ = طاجيكستان
    .of = لطاجيكستان
    .of-next = طاجيكستان
