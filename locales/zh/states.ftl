# Member States, by ISO 3166 alpha-2 code, Chinese. The value is the short name;
# .of is the form used in the letter formulas (the same name in Chinese).

state-AM = 亚美尼亚
    .of = 亚美尼亚
state-BY = 白俄罗斯
    .of = 白俄罗斯
state-KZ = 哈萨克斯坦
    .of = 哈萨克斯坦
state-KG = 吉尔吉斯斯坦
    .of = 吉尔吉斯斯坦
state-RU = 俄罗斯联邦
    .of = 俄罗斯联邦
state-TJ = 塔吉克斯坦
    .of = 塔吉克斯坦
