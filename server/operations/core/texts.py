"""Messages of the shared core: permissions, scope, the working calendar and personal data
(Simplified Chinese, one place)."""

NOT_PERMITTED = "您的角色没有此项操作权限"
NOT_IN_SCOPE = "记录不存在，或不在您的管辖范围内"

# Who acted, as records name them
STAFF_ACTOR = "{name}（{role}）"
PERSON = "本人"  # the person themself, when no name is known
PERSON_MARK = "（本人）"  # ends the name of the person acting, so records can tell them apart

CALENDAR_NOT_ENTERED = "{year}年的法定节假日安排尚未录入，办理期限暂按周一至周五计算工作日。"
CALENDAR_OTHER_YEAR = "所有日期都必须在{year}年内"

ID_NUMBER_FORMAT = "身份证号应为18位数字（最后一位可能是X），请核对后重新输入"
ID_NUMBER_CHECKSUM = "身份证号最后一位校验码不正确，请核对后重新输入"
ID_NUMBER_PROVINCE = "身份证号前两位（省份代码）不正确，请核对后重新输入"
ID_NUMBER_BIRTH_DATE = "身份证号中的出生日期不正确，请核对后重新输入"
MOBILE_INVALID = "请输入11位大陆手机号码"
NAME_INVALID = "姓名应为2-30个汉字或字母"
ADDRESS_INVALID = "地址请填写4-120个字（省市县乡村及门牌）"
SERVICE_DATES_FUTURE = "入伍和退役日期都应在今天之前"
DISCHARGE_BEFORE_ENLISTMENT = "退役日期应晚于入伍日期"
ENLISTED_TOO_YOUNG = "入伍时应年满{age}周岁，请核对入伍日期"
