"""What people and staff are told about registrations, the mini-program link and ledger imports
(Simplified Chinese, one place)."""

OUTCOMES = {
    # outcome: (customer-service text, template result phrase, template note)
    "approved": (
        "您的退役军人和其他优抚对象信息登记已审核通过，已为您建档。今后可通过本公众号预约办事、反映诉求。",
        "审核通过",
        lambda veteran: "已建档，可在线办理各项服务",
    ),
    "returned": (
        "您的退役军人和其他优抚对象信息登记被退回，原因：{reason}\n"
        "请点击菜单“我要办事 → 登记建档”修改后重新提交。",
        "退回修改",
        lambda veteran: veteran.return_reason or "请修改后重新提交",
    ),
}
TEMPLATE_SUBJECT = "退役军人和其他优抚对象信息登记"  # the result template's thing1

FIELD_NAMES = {
    "name": "姓名",
    "id_number": "身份证号",
    "mobile": "手机号",
    "category_id": "人员类别",
    "branch": "服役军种",
    "enlisted_on": "入伍日期",
    "discharged_on": "退役日期",
    "hukou_address": "户籍地址",
    "residence_address": "居住地址",
    "station_id": "所在服务站",
}
STATION_CODE_NAME = "所属站点编码"  # the ledger's extra column

# Registering and reviewing
FIELD_REQUIRED = "请填写{field}"
FIELDS_JOINED = "；"  # several wrong fields in one message
UNDER_REVIEW = "登记正在审核中，暂时不能修改；审核结果会通知您"
SUBMITTED_ALREADY = "登记已提交，正在审核中"
ID_NUMBER_TAKEN = "该身份证号已经登记过，不能重复登记。如有疑问，{contact}"
CONTACT_STATION = "请联系{name}（电话 {phone}）核实"
CONTACT_VILLAGE = "请携带身份证到您所在村（社区）退役军人服务站核实"
CONSENT_REQUIRED = "请先阅读并同意个人信息保护说明"
APPROVE_ONLY_SUBMITTED = "只有待审核的登记可以审核通过"
RETURN_ONLY_SUBMITTED = "只有待审核的登记可以退回"
RETURN_REASON = "请写明退回原因（2-200字），本人会看到"
WALK_IN_VILLAGE = "请选择村（社区）服务站"
CATEGORY_REQUIRED = "请选择人员类别"
BRANCH_REQUIRED = "请选择服役军种"
DATE_FORMAT = "{label}格式应为 年-月-日，如 2001-12-01"
VILLAGE_REQUIRED = "请选择所在村（社区）服务站"
CATEGORY_NAME_LENGTH = "类别名称为2-32个字"
CATEGORY_TAKEN = "已有类别“{name}”"

# Privacy
DELETION_SWEEPER = "到期删除"  # the system actor that deletes on the confirmed day
NO_DELETION_ASKED = "本人没有申请删除"

# Linking the mini-program with a 绑定码
LINK_CODE_UNKNOWN = "绑定码不正确或已使用，请核对；也可在服务号中重新回复“绑定”获取"
LINK_CODE_EXPIRED = "绑定码已过期（10分钟内有效），请在服务号中重新回复“绑定”获取"
LINK_NO_REGISTRATION = "服务号中没有找到您的登记信息，请先登记"
LINK_OTHER_REGISTRATION = "小程序中已有您的另一份登记信息，不能再绑定。请联系所在服务站处理"

# Ledger (台账) imports: reading the columns and cells
MAPPING_FORM = "对应关系“{pair}”应写作 列名=字段，字段为 {fields} 之一或留空"
NO_SUCH_COLUMN = "文件中没有“{column}”列"
FIELD_IN_COLUMNS = "“{field}”对应了多列，只能选一列"
MISSING_COLUMNS = "缺少必需的列：{fields}（请指定文件中哪一列对应）"
DATE_FORMS = "可写作 2001-12-01、2001/12/1、2001.12 或 200112"
NOT_A_DATE = "“{text}”不是有效的日期，{forms}"
NO_SUCH_CATEGORY = "没有“{name}”这一类别，可选：{choices}"
LIST_JOINED = "、"

# Ledger imports: the rows
LEDGER_UNDER_REVIEW = "此人的登记正在审核中，审核后才能用台账修改"
LEDGER_DUPLICATE = "与第 {line} 行的身份证号重复"
LEDGER_STATION_CODE_REQUIRED = "请填写所属村（社区）服务站的站点编码"
LEDGER_STATION_UNKNOWN = "站点编码 {code} 不存在，或不在{target}的范围内"
LEDGER_STATION_NOT_VILLAGE = "{name}不是村（社区）服务站，请填写村（社区）站点的编码"
LEDGER_IMPORTED_ELSEWHERE = "该身份证号已由其他服务站的台账导入，不能重复登记"
LEDGER_REGISTERED_ELSEWHERE = "该身份证号已通过其他渠道登记（{channel}），不能重复导入"
LEDGER_BRANCH_CHOICES = "，可选：{choices}"
LEDGER_IN_COLUMN = "{column}：{message}"
