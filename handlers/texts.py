"""What the account says in chat (Simplified Chinese), in one place so it can be reviewed."""

WELCOME = (
    "您好，欢迎关注退役军人服务站！\n"
    "在这里您可以：\n"
    "· 登记建档：菜单“我要办事 → 登记建档”\n"
    "· 预约到站办事：菜单“我要办事 → 预约办事”\n"
    "· 反映困难和诉求：菜单“我要反映 → 提交诉求”\n"
    "· 查询和订阅政策：菜单“政策服务”\n"
    "回复“帮助”可随时查看本说明，回复“人工”了解如何联系工作人员。"
)
HELP = (
    "本公众号可以办理：\n"
    "1. 登记建档（我要办事 → 登记建档）\n"
    "2. 预约办事、查看我的预约（我要办事）\n"
    "3. 提交诉求、查看办理进度（我要反映；也可以直接回复“我的诉求”）\n"
    "4. 政策查询、订阅政策推送、联系我们（政策服务）\n"
    "5. 在小程序中查看这里登记的信息：回复“绑定”获取绑定码\n"
    "选择时回复序号或文字都可以，如“1”或“陆军”；办理过程中回复“取消”可随时退出。"
)
HUMAN = (
    "如需工作人员帮助：\n"
    "· 工作时间可直接拨打您所在服务站的电话，或到站办理；\n"
    "· 也可以通过菜单“我要反映 → 提交诉求”留言，工作人员会在公众号回复您。"
)
CANCELLED = "已退出当前操作。如需继续办理，请重新点击菜单。"
NOTHING_TO_CANCEL = "当前没有进行中的操作。回复“帮助”查看可以办理的事项。"
DIALOG_EXPIRED = "您之前的“{title}”操作超过30分钟未继续，已自动取消，已填写的内容未保存。"
DIALOG_TITLES = {}  # dialog name (the part of a step before ":") -> title, filled by each dialog
DIALOG_TITLE_DEFAULT = "办理"
STEP_LOST = "抱歉，当前操作已失效，请重新点击菜单开始。"

WORKING_ON_IT = "已收到，正在为您办理，结果稍后发送给您。"
SORRY = "抱歉，系统暂时出了点问题，您的消息没有办理成功，请稍后再试。"

STATION_CARD = "{name}\n地址：{address}\n电话：{phone}\n办公时间：{hours}（工作日）\n{today}"
STATION_OPEN_TODAY = "今天正常办公。"
STATION_CLOSED_TODAY = "今天不办公（{reason}）。"
STATION_HOURS_UNKNOWN = "请电话咨询"
STATION_BOUND = "您已关联到“{name}”，今后登记、预约和诉求将由该站为您办理。"
STATION_UNKNOWN = "该服务站二维码已停用或无法识别，请联系工作人员获取新的二维码。"
STAFF_BOUND = "{name}，已绑定，督办和提醒将通过本公众号发送给您。"
STAFF_BIND_REFUSED = {
    "unknown": "该绑定二维码无效或已使用过。请在工作台“我的账号”中点击“绑定微信”重新生成。",
    "expired": "该绑定二维码已过期（10分钟内有效）。请在工作台“我的账号”中点击“绑定微信”重新生成。",
    "taken": "您的微信已绑定另一个工作人员账号。如需改绑，请先在原账号的“我的账号”中解除绑定。",
}
LINK_CODE = (
    "您的小程序绑定码：{code}\n"
    "请在10分钟内打开小程序，输入这6位数字，即可在小程序中查看和办理您在这里登记的信息。"
    "绑定码只能用一次，请勿告诉他人。"
)
LINK_NO_RECORD = (
    "您还没有在服务号中登记信息，无需绑定：可以直接在小程序中登记，"
    "或通过菜单“我要办事 → 登记建档”在这里登记。"
)
LINK_ALREADY = "您在服务号中的登记信息已与小程序关联，打开小程序即可查看。"
CONTACT_NO_STATION = (
    "您还没有关联服务站。请扫描您所在村（社区）服务站张贴的二维码，或在“登记建档”时选择服务站，"
    "之后即可在这里查看服务站的地址和电话。"
)
CONTACT_PARENT = "上级服务站：{name}，电话：{phone}"

BAD_CHOICE = "请回复列表中的序号或名称。"

UNKNOWN_TEXT = "抱歉，没有理解您的意思。回复“帮助”查看可以办理的事项，或回复“人工”联系工作人员。"
GOT_IMAGE = "已收到您的图片。如需反映问题，请通过菜单“我要反映 → 提交诉求”，在其中上传图片。"
GOT_VOICE = "已收到您的语音。目前暂不能识别语音内容，请用文字留言，或回复“人工”联系工作人员。"
GOT_VIDEO = "已收到您的视频。如需反映问题，请通过菜单“我要反映 → 提交诉求”说明情况。"
GOT_LOCATION = "已收到您的位置：{label}。登记建档时发送位置可以帮您查找最近的服务站。"
GOT_LINK = "已收到您分享的链接“{title}”。如需咨询政策，请通过菜单“政策服务 → 政策查询”。"
GOT_LINK_UNTITLED = "链接"
GOT_FILE = "已收到您的文件。如需提交材料，请到服务站办理，或通过“提交诉求”说明情况。"
UNKNOWN_CLICK = "该菜单暂不可用，请稍后再试，或回复“帮助”查看可以办理的事项。"
UNKNOWN_ACTION = "暂不支持该操作。回复“帮助”查看可以办理的事项。"
UNKNOWN_SCENE = "二维码已失效或无法识别。" + "\n\n" + HELP

# Registration (登记建档)
REG_TITLE = "登记建档"
REG_CONSENT_ASK = "\n\n回复“1”同意并开始登记，回复“2”不同意。"
REG_DECLINED = "您未同意个人信息保护说明，暂时无法在线登记。也可以携带身份证到所在村（社区）服务站现场办理。"
REG_STEP_HINT = "（回复“上一步”返回，回复“取消”退出，已填内容会保存）"
REG_ASK = {
    "name": "请输入您的姓名：",
    "id_number": "请输入您的18位身份证号码：",
    "mobile": "请输入您的手机号码：",
    "category_id": "请选择人员类别，回复序号或名称：\n{choices}",
    "branch": "请选择服役军种，回复序号或名称：\n{choices}",
    "enlisted_on": "请输入入伍时间，如 1998-12 或 1998年12月：",
    "discharged_on": "请输入退役时间，如 2003-12：",
    "hukou_address": "请输入户籍地址（省市县乡村及门牌）：",
    "residence_address": "请输入现居住地址；与户籍地址相同请回复“同上”：",
}
REG_BAD_DATE = "日期格式不对，请按“年-月”输入，如 1998-12。"
REG_RESUME = "继续您上次未完成的登记。"
REG_MONTH = "%Y年%m月"  # how an entered date shows in the summary
REG_SUMMARY_LINE = "{field}：{value}"
REG_NOT_FILLED = "（未填）"
REG_SUMMARY = "请核对您的登记信息：\n{lines}\n\n回复“提交”确认提交；回复“改”加序号修改某一项（如“改3”）。"
REG_SUBMITTED = "登记已提交，{station}将尽快审核，审核结果会通过本公众号通知您。"
REG_PENDING = "您的登记已提交，正在审核中，请耐心等待。\n\n{summary}"
REG_APPROVED = "您已完成建档。\n\n{summary}\n\n如信息有变化，回复“修改”提交更正，更正后需重新审核。"
REG_RETURNED = "您的登记被退回，原因：{reason}\n回复“修改”更正后重新提交。"
REG_NONE = "您还没有登记建档，请点击菜单“我要办事 → 登记建档”。"
REG_NOT_EDITABLE = "您的登记正在审核中，暂时不能修改，审核结果会通知您。"
REG_MY_INFO = "{summary}\n{state}\n\n回复“修改”更正信息。"
REG_STATE = "登记状态：{state}"
REG_STATE_REASON = "（原因：{reason}）"
REG_STATION_SCANNED = "您扫码关联的服务站是“{name}”。回复“1”确认；回复“2”重新选择。"
REG_STATION_PICK = "请选择{level}，回复序号或名称：\n{choices}\n\n也可以发送您的位置，为您推荐最近的服务站。"
REG_STATION_NEAREST = "离您最近的服务站，回复序号或名称选择：\n{choices}"
REG_STATION_DISTANCE = "{name}（约{km:.1f}公里）"
REG_STATION_NONE_NEAR = "附近没有找到服务站，请按列表选择。"
REG_WITHDRAWN = "已撤回您对个人信息处理的同意。您的登记记录由服务站保管；如需删除，请回复“删除我的信息”。"
REG_DELETE_ASK = (
    "确定申请删除您的登记信息吗？服务站确认后将在15天内删除，删除后无法恢复。"
    "回复“确认删除”继续，回复其他内容放弃。"
)
REG_DELETE_DONE = "已提交删除申请，服务站确认后将删除您的信息，并通知您。"
REG_DELETE_KEPT = "已放弃删除，您的信息保持不变。"
DIALOG_TITLES["register"] = REG_TITLE
DIALOG_TITLES["delete"] = "删除我的信息"

# Requests (诉求)
REQ_TITLE = "提交诉求"
REQ_NO_STATION = (
    "提交诉求需要先确定为您办理的服务站。您可以：\n"
    "· 扫描您所在村（社区）服务站张贴的二维码；\n"
    "· 或点击菜单“我要办事 → 登记建档”，在登记时选择服务站。\n"
    "完成后再点击“提交诉求”即可。给您带来不便，敬请谅解。"
)
REQ_STEP_HINT = "（回复“上一步”返回，回复“取消”退出）"
REQ_ASK_CATEGORY = "请选择诉求类别，回复序号或名称：\n{choices}\n" + REQ_STEP_HINT
REQ_ASK_DESCRIBE = (
    "【{category}】请描述您的诉求：可以分几条发送文字、语音或图片。\n"
    "全部说完后，请回复“完成”。\n" + REQ_STEP_HINT
)
REQ_KEPT_SO_FAR = "已记录：{gathered}。可以继续补充，或回复“完成”。"
REQ_GOT_PART = "已记录（{gathered}）。继续补充，或回复“完成”。"
REQ_VOICE_HEARD = "语音识别为：“{text}”\n"
REQ_TOO_LONG = "内容已超过{limit}字，这一条没有记录。请回复“完成”，或精简后重新发送。"
REQ_TOO_MANY_FILES = "最多可以附{limit}个图片或语音，这一个没有记录。请回复“完成”。"
REQ_NEEDS_WORDS = "请先用文字（或语音）说明您的诉求，再回复“完成”。"
REQ_UNSUPPORTED = "这里只能接收文字、语音和图片。请继续描述，或回复“完成”。"
REQ_SUMMARY = (
    "请核对您的诉求：\n类别：{category}\n内容：{content}\n附件：{attachments}\n\n"
    "回复“提交”确认提交；回复“上一步”继续补充；回复“取消”放弃。"
)
REQ_NO_ATTACHMENTS = "无"
REQ_PREVIEW = "{start}……（共{length}字）"
REQ_COUNTS = {"text": "文字{n}条", "image": "图片{n}张", "voice": "语音{n}条"}
REQ_COUNTS_JOINED = "、"
REQ_FILED = (
    "您的诉求已提交，编号{number}（查询时请提供）。\n受理站点：{station}\n{expect}\n"
    "办理进度可在菜单“我要反映 → 我的诉求”查看。"
)
REQ_EXPECT_ANSWER = "工作人员将在{date}前首次答复您。"
REQ_EXPECT_ACCEPTANCE = "将在{date}前告知您是否受理。"
REQ_EXPECT_SOON = "工作人员会尽快答复您。"
REQ_DUPLICATE = (
    "您近期已提交过同类诉求（编号{number}），尚在办理中。\n"
    "回复“1”补充到诉求{number}；\n回复“2”仍然新建一条诉求。\n" + REQ_STEP_HINT
)
REQ_SUPPLEMENTED = "已补充到诉求{number}，工作人员会一并处理。"
REQ_CLOSED = "该诉求已办结或关闭，如有新情况请提交新的诉求。"
REQ_DATE = "{year}年{month}月{day}日"

MYREQ_TITLE = "我的诉求"
MYREQ_NONE = "您还没有提交过诉求。如需反映问题，请点击菜单“我要反映 → 提交诉求”。"
MYREQ_LIST = "您的诉求（最近{count}条）：\n{lines}\n\n回复序号或诉求编号查看详情。"
MYREQ_LINE = "{n}. {number}【{state}】{category}：{title}"
MYREQ_PICK = "请回复列表中的序号或诉求编号。回复“取消”退出。"
MYREQ_EARLIER = "……（较早的{n}条记录略）"
MYREQ_WHAT_NEXT = "可以回复“补充”“撤回”“评价”，回复“上一步”返回列表，回复“取消”退出。"
MYREQ_NOT_RATEABLE = "该诉求办结后才能评价，或您已评价过。"
MYREQ_DETAIL = "诉求{number}（{category}）\n状态：{state}\n受理站点：{station}\n\n办理记录：\n{timeline}"
MYREQ_TIMELINE_LINE = "{time:%m-%d} {who}：{what}"
MYREQ_EVENT_TEXT = "{said}：{text}"
MYREQ_OPTIONS = {
    "supplement": "回复“补充”加内容（如“补充 已找到相关材料”）补充说明",
    "withdraw": "回复“撤回”撤回该诉求",
    "rate": "回复“评价”评价办理结果",
    "back": "回复“上一步”返回列表",
}
MYREQ_YOU = "您"
MYREQ_SYSTEM = "系统"
MYREQ_EVENT = {
    "filed": "提交诉求",
    "message": "补充",
    "reply": "答复",
    "attachment": "附件",
    "merge": "合并",
    "rating": "评价",
    "extend": "延期",
}
MYREQ_STATE_EVENT = "诉求{state}"
MYREQ_SUPPLEMENT_ASK = "请发送要补充的内容（文字、语音或图片）。" + REQ_STEP_HINT
MYREQ_WITHDRAW_ASK = (
    "确定撤回诉求{number}吗？撤回后工作人员将不再办理。\n回复“确认撤回”撤回，回复其他内容保留。"
)
MYREQ_WITHDRAWN = "诉求{number}已撤回。如有新情况，可以随时重新提交。"
MYREQ_KEPT = "诉求{number}保持不变，继续办理。"

RATE_TITLE = "评价诉求"
RATE_NONE = "您目前没有待评价的诉求。诉求办结后，可以回复“评价”对办理结果进行评价。"
RATE_ASK = "请评价诉求{number}（{category}）的办理结果，回复序号或文字：\n1. 满意\n2. 基本满意\n3. 不满意"
RATE_ASK_COMMENT = "还有什么意见或建议吗？请直接回复；没有请回复“无”。"
RATE_THANKS = "感谢您的评价！"
RATE_REOPENED = "感谢您的评价。诉求{number}已重新交办，工作人员会再与您联系。"
RATE_REVIEWING = "感谢您的评价。已为您申请复查/复核，诉求{number}将重新办理。"
RATE_RECORDED = "感谢您的评价，您的意见已记录，工作人员会进行回访。"

OFFER_TITLE = "补充诉求"
OFFER_ASK = "是否补充到诉求 {number}？回复1补充，回复2不用"
OFFER_ADDED = "已补充到诉求{number}，工作人员会看到。"
OFFER_DECLINED = "好的，这条消息没有补充到诉求中。\n\n" + HELP
DIALOG_TITLES["request"] = REQ_TITLE
DIALOG_TITLES["myreq"] = MYREQ_TITLE
DIALOG_TITLES["rate"] = RATE_TITLE
DIALOG_TITLES["offer"] = OFFER_TITLE

# Appointments (预约办事) and station events (活动报名)
BOOK_TITLE = "预约办事"
BOOK_KEYWORDS = ("预约", "预约办事")
BOOK_STEP_HINT = "（回复“上一步”返回，回复“取消”退出）"
BOOK_NO_STATION = (
    "预约需要先确定您所在的服务站。您可以：\n"
    "· 扫描您所在村（社区）服务站张贴的二维码；\n"
    "· 或点击菜单“我要办事 → 登记建档”，在登记时选择服务站。\n"
    "完成后再点击“预约办事”即可。"
)
BOOK_NOTHING = "您所在的区县暂未开通网上预约，请直接到服务站办理或电话咨询：{phone}。"
BOOK_ASK_SERVICE = "请选择要预约的事项，回复序号或名称：\n{choices}\n" + BOOK_STEP_HINT
BOOK_NEEDS_REGISTRATION = "（需先登记建档）"
BOOK_EVENTS_CHOICE = "活动报名（{count}个活动可报名）"
BOOK_EVENTS_WORD = "活动报名"
BOOK_ASK_STATION = "【{service}】请选择办理的服务站，回复序号：\n{choices}\n" + BOOK_STEP_HINT
BOOK_OWN_STATION = "{name}（您所在的服务站）"
BOOK_OTHER_STATIONS = "其他服务站"
BOOK_ASK_DAY = (
    "【{service}】{station}可预约的日期（余数为剩余名额），回复序号：\n{choices}\n" + BOOK_STEP_HINT
)
BOOK_NO_DAYS = "{station}近两周的“{service}”已约满。回复“上一步”可选择其他服务站，或电话联系服务站：{phone}。"
BOOK_ASK_TIME = "【{service}】{day}，可预约的时间，回复序号：\n{choices}\n" + BOOK_STEP_HINT
BOOK_DAY_LINE = "{n}. {day} 余{remaining}"
BOOK_TIME_LINE = "{n}. {time} 余{remaining}"
BOOK_MORE = "回复“更多”查看后面的选项。"
BOOK_SUMMARY = (
    "请核对预约信息：\n事项：{service}\n服务站：{station}\n地址：{address}\n时间：{time}\n"
    "材料清单：{materials}\n\n回复“确认”预约；回复“上一步”重新选择时间；回复“取消”退出。"
)
BOOK_NO_MATERIALS = "无需携带材料"
BOOK_LIST_JOIN = "、"
BOOK_DONE = (
    "预约成功！\n事项：{service}\n时间：{time}\n地点：{station}（{address}）\n签到码：{code}\n"
    "请按时到站，在窗口报出签到码。\n"
    "如需取消或改约，请在预约时间{cutoff}小时前通过菜单“我要办事 → 我的预约”办理。"
)
BOOK_SEE_MINE = "回复“我的预约”查看已有的预约。"

EVENT_ASK = "可以报名的活动，回复序号：\n{choices}\n" + BOOK_STEP_HINT
EVENT_LINE = "{title}（{kind}）{time} {place} {places}"
EVENT_PLACES_LEFT = "余{n}"
EVENT_PLACES_WAITLIST = "候补"
EVENT_NONE = "目前没有可以报名的活动。"
EVENT_SUMMARY = (
    "请核对报名信息：\n活动：{title}（{kind}）\n时间：{time}\n地点：{place}\n{places}\n\n"
    "回复“确认”报名；回复“上一步”返回活动列表；回复“取消”退出。"
)
EVENT_SUMMARY_LEFT = "剩余名额：{n}"
EVENT_SUMMARY_WAITLIST = "名额已满，报名后进入候补，有人取消时按顺序递补并通知您。"
EVENT_SIGNED_UP = (
    "报名成功：{title}\n时间：{time}\n地点：{place}\n签到码：{code}\n"
    "请在活动当天报出签到码签到。如不能参加，请在菜单“我要办事 → 我的预约”中取消报名。"
)
EVENT_WAITLISTED = "“{title}”名额已满，您已进入候补，排第{position}位。有人取消时将按顺序递补并通知您。"

MYBOOK_TITLE = "我的预约"
MYBOOK_NONE = "您目前没有未办理的预约或活动报名。如需预约，请点击菜单“我要办事 → 预约办事”。"
MYBOOK_LIST = "您的预约和报名：\n{lines}\n\n回复序号查看和办理（取消、改约、签到码）。回复“取消”退出。"
MYBOOK_BOOKING_LINE = "{n}. {service}｜{time}｜{station}｜{state}{code}"
MYBOOK_SIGNUP_LINE = "{n}. 活动：{title}｜{time}｜{place}｜{state}{code}"
MYBOOK_CODE = "｜签到码{code}"
MYBOOK_WAITING = "（第{position}位）"
MYBOOK_PICK = "请回复列表中的序号。"
MYBOOK_BOOKING = (
    "{service}\n时间：{time}\n服务站：{station}（{address}）\n状态：{state}\n签到码：{code}\n\n"
    "回复序号：\n1. 取消预约\n2. 改约\n3. 签到码\n回复“上一步”返回列表。"
)
MYBOOK_SIGNUP = (
    "活动：{title}\n时间：{time}\n地点：{place}\n状态：{state}\n\n"
    "回复序号：\n{options}\n回复“上一步”返回列表。"
)
MYBOOK_SIGNUP_OPTIONS = ("1. 取消报名", "2. 签到码")
MYBOOK_BOOKING_ACTIONS = (("取消预约",), ("改约", "改期"), ("签到码",))
MYBOOK_SIGNUP_ACTIONS = (("取消报名",), ("签到码",))
MYBOOK_CANCEL_ASK = "确定取消{what}（{time}）吗？\n回复“确认取消”取消，回复其他内容保留。"
MYBOOK_CANCELLED = "已取消{what}（{time}）。名额已释放给其他人。"
MYBOOK_SIGNUP_CANCELLED = "已取消报名“{title}”。"
MYBOOK_KEPT = "已保留，没有取消。"
MYBOOK_CODE_TEXT = (
    "签到码：{code}\n请于{day}到{place}，在{desk}报出这6位签到码。\n签到码仅当天有效，请勿告诉他人。"
)
MYBOOK_DESK = "窗口"
MYBOOK_EVENT_DESK = "活动签到处"
MYBOOK_CODE_CLOSED = "该预约现为“{state}”，没有签到码。"
MYBOOK_NO_CODE = "候补中的报名还没有签到码，转为正式报名后会通知您。"
MYBOOK_MOVE_DAY = (
    "【改约】{service}，原时间{time}。\n{station}可预约的日期（余数为剩余名额），回复序号：\n{choices}\n"
    + BOOK_STEP_HINT
)
MYBOOK_NO_DAYS = (
    "{station}近两周的“{service}”已约满，暂时不能改约，原预约不变。如需帮助请电话联系服务站：{phone}。"
)
MYBOOK_MOVE_SUMMARY = (
    "请核对改约：\n事项：{service}\n服务站：{station}\n原时间：{old}\n新时间：{new}\n\n"
    "回复“确认”改约；回复“上一步”重新选择时间；回复“取消”退出（原预约不变）。"
)
MYBOOK_MOVED = "改约成功：{service}\n新时间：{time}\n地点：{station}\n新签到码：{code}（原签到码作废）"
DIALOG_TITLES["book"] = BOOK_TITLE
DIALOG_TITLES["mybook"] = MYBOOK_TITLE

# Subscriptions (订阅推送)
SUB_TITLE = "订阅推送"
SUB_KEYWORDS = ("订阅", "订阅推送", "退订", "订阅政策")
SUB_CANCEL_ALL = "取消全部"
SUB_DONE = "完成"
SUB_LIST = (
    "订阅推送：选择您想收到的政策专题，打✓的为已开启（按微信规定，每月最多收到4条推送）。\n{lines}\n\n{on}\n"
    "回复序号开启或关闭，回复“取消全部”全部退订，回复“完成”结束。"
)
SUB_LINE_ON = "{n}. {name} ✓"
SUB_LINE_OFF = "{n}. {name}"
SUB_ON = "已开启：{names}。"
SUB_JOINER = "、"
SUB_NONE_ON = "目前没有开启任何专题。"
SUB_NO_TOPICS = "目前还没有可以订阅的政策专题，请以后再来看看。"
SUB_TURNED_ON = "已开启“{name}”。"
SUB_TURNED_OFF = "已关闭“{name}”。"
SUB_ALL_OFF = "已取消全部订阅，您将不再收到专题政策推送。"
SUB_SAVED = "订阅已保存。{on}\n{limit}\n如需修改，回复“订阅”。"
SUB_ALL_OFF_DONE = SUB_ALL_OFF + "如需重新订阅，回复“订阅”。"
SUB_LIMIT = (
    "订阅的专题有新政策时会通过本服务号推送给您。按微信规定，服务号每月最多向每位关注者群发4条消息，"
    "所以您每月最多收到4条政策推送。"
)
DIALOG_TITLES["subs"] = SUB_TITLE

# Policy search (政策查询)
POLICY_TITLE = "政策查询"
POLICY_ASK = "请输入想查询的政策，如“优待证”“创业贷款”“抚恤金什么时候发”。回复“取消”退出。"
POLICY_ASK_AGAIN = "请用文字输入想查询的政策，如“优待证”。回复“取消”退出。"
POLICY_OTHERS = "\n\n其他相关政策（回复序号查看）：\n{lines}"
POLICY_MORE = "\n回复“更多”查看全部{total}条"
POLICY_PICKED = "\n\n回复其他序号查看另一条，回复“更多”查看全部结果。"
POLICY_ALL = "“{query}”共找到{total}条政策，点击查看全部：\n{url}"
POLICY_NONE = (
    "没有找到与“{query}”相关的现行政策。您可以换个说法再试，如“优待证”“就业”，或回复“人工”咨询工作人员。"
)
POLICY_NONE_STATION = "\n也可以致电{name}：{phone}"
POLICY_BAD_NUMBER = "没有第{number}条。请回复列表中的序号（1-{count}），或输入新的问题。"
DIALOG_TITLES["policy"] = POLICY_TITLE
