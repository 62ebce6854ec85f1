# Letters from Member States and their annexes, Chinese (docs/un-format.md §4, §5.2).
# «2021年5月21日……常驻联合国代表给秘书长的信»; the date comes first.

addressee-secretary-general = 秘书长
addressee-president-security-council = 安全理事会主席
addressee-president-general-assembly = 大会主席

# $states arrive as state-XX.of joined with «、» and «和». Chinese does not inflect for number.
letter-senders = { $role ->
   *[permanent-representative] { $count ->
       *[other] { $states }常驻联合国代表
    }
    [charge-d-affaires] { $states }常驻联合国代表团临时代办
}

letter-title = { DATE($date) }{ $senders }给{ $addressee }的信

# $number is 0 for the only annex of a letter, which is not numbered.
# ORDINAL(…, form: "bare") gives the numeral without 第: «附件二».
annex-heading = { $number ->
    [0] { DATE($date) }{ $senders }给{ $addressee }的信的附件
   *[other] { DATE($date) }{ $senders }给{ $addressee }的信的附件{ ORDINAL($number, form: "bare") }
}

annex-bookmark = { $number ->
    [0] 附件
   *[other] 附件{ ORDINAL($number, form: "bare") }
}

# A reference to an annex inside running text: «（见附件二）».
annex-reference = { $number ->
    [0] 附件
   *[other] 附件{ ORDINAL($number, form: "bare") }
}

# Full-width colon: «[原件：俄文]».
original-marker = [原件：{ $lang ->
    [ar] 阿拉伯文
    [zh] 中文
    [en] 英文
    [fr] 法文
    [ru] 俄文
   *[es] 西班牙文
}]

signed = （签名）
signatory-title = { $role ->
   *[permanent-representative] { $state }常驻联合国代表
    [charge-d-affaires] { $state }常驻联合国代表团临时代办
}

# Chinese puts the date first, with a full-width comma: «2021年5月19日，杜尚别».
place-date = { DATE($date) }，{ $place }
