"""The demo policy library: the topics and a dozen articles of the demo city (示范市), written in our
own words on what stations are asked about most. Each is saved and published by the demo
broadcaster through the real operations, so the body goes through the sanitizer like any other."""

from datetime import date

from sqlalchemy import select

from models import PolicyArticle, PolicyTopic, VeteranCategory, db
from server.operations.core.audit import Actor
from server.operations.network.staff import staff_by_username
from server.operations.network.stations import station_by_code
from server.operations.policies.library import publish_article, save_article

TOPICS = (
    *("就业创业", "优抚待遇", "医疗保障", "教育", "住房"),
    *("社保接续", "法律援助", "优待证", "荣誉激励", "困难帮扶"),
)
BUREAU = "示范市退役军人事务局"
WRITER = "broadcaster"


def _article(title, doc_number, issuer, dates, topics, summary, body, **extra):
    published_on, effective_on, expires_on = dates
    return {
        "title": title,
        "doc_number": doc_number,
        "issuer": issuer,
        "published_on": published_on,
        "effective_on": effective_on,
        "expires_on": expires_on,
        "topics": topics,
        "summary": summary,
        "body_html": body,
        "station": extra.get("station"),
        "categories": extra.get("categories", ()),
        "draft": extra.get("draft", False),
    }


ARTICLES = (
    _article(
        "退役军人和其他优抚对象优待证申领指南",
        "示退役发〔2026〕3号",
        BUREAU,
        (date(2026, 3, 1), date(2026, 3, 1), None),
        ("优待证",),
        "优待证由本人向户籍地村（社区）退役军人服务站申请，审核通过后统一制发，凭证可享受交通、文旅等优待。",
        "<h2>谁可以申领</h2><ul><li>退役军人</li><li>烈士遗属、因公牺牲军人遗属、病故军人遗属</li></ul>"
        "<h2>怎么申领</h2><ol><li>携带身份证、户口簿、退役证件（遗属带相关证明）和近期免冠彩色照片；</li>"
        "<li>到户籍地村（社区）退役军人服务站填写申请表，工作人员当场核对材料；</li>"
        "<li>经乡镇（街道）、县区逐级审核后制证，制好后由服务站通知本人领取。</li></ol>"
        "<h2>注意事项</h2><p>优待证仅限本人使用，不得转借。遗失的，向原申请服务站说明情况后补办。</p>",
    ),
    _article(
        "自主就业退役士兵创业就业税收减免政策解读",
        "示退役发〔2026〕8号",
        BUREAU,
        (date(2026, 4, 10), date(2026, 4, 10), date(2027, 12, 31)),
        ("就业创业",),
        "退役士兵从事个体经营，3年内每户每年可在2万元限额内依次扣减相关税费；企业招用退役士兵也可按人定额扣减。",
        "<h2>个体经营</h2><p>自主就业退役士兵从事个体经营的，自办理个体工商户登记当月起，在3年（36个月）内"
        "按每户每年20000元为限额，依次扣减当年实际应缴纳的增值税、城市维护建设税、教育费附加、地方教育附加和个人所得税。</p>"
        "<h2>企业招用</h2><p>企业招用自主就业退役士兵，与其签订1年以上期限劳动合同并依法缴纳社会保险费的，"
        "自签订劳动合同并缴纳社会保险当月起，在3年内按实际招用人数予以定额依次扣减，定额标准为每人每年6000元。</p>"
        "<h2>如何享受</h2><p>向主管税务机关申报时填写相关信息，并留存退役证件备查。具体问题可咨询所在服务站或拨打12366。</p>",
        categories=("退役士兵",),
    ),
    _article(
        "退役军人创业担保贷款及贴息办理办法",
        "示退役发〔2026〕9号",
        "示范市退役军人事务局 示范市人力资源和社会保障局",
        (date(2026, 4, 20), date(2026, 5, 1), None),
        ("就业创业",),
        "符合条件的退役军人创业，个人可申请最高30万元创业担保贷款，按规定享受财政贴息。",
        "<h2>贷款额度</h2><p>个人创业最高可申请30万元；合伙创业的，可按人数适当提高额度；"
        "招用退役军人达到一定比例的小微企业，最高可申请400万元。</p>"
        "<h2>申请材料</h2><ul><li>身份证、退役证件；</li><li>营业执照或创业项目说明；</li>"
        "<li>经办银行要求的其他材料。</li></ul>"
        "<h2>办理流程</h2><p>向所在服务站或人社部门提出申请，经审核推荐后由担保机构和经办银行办理，"
        "按期还款的可按规定享受贴息。</p>",
    ),
    _article(
        "关于按月足额发放优抚对象抚恤补助金的通知",
        "示退役发〔2026〕1号",
        BUREAU,
        (date(2026, 1, 5), date(2026, 1, 1), None),
        ("优抚待遇",),
        "各类优抚对象的抚恤金和定期生活补助，每月20日前足额发放到本人账户。",
        "<p>各区退役军人事务局：</p>"
        "<p>为保障优抚对象按时领到待遇，现就抚恤补助发放有关事项通知如下：</p>"
        "<ol><li>严格按照上级规定的标准发放各类优抚对象定期抚恤金和生活补助，专项筹集、专项划拨、专款专用；</li>"
        "<li>每月20日前将抚恤补助金足额发放到优抚对象本人的社会保障卡或银行账户；</li>"
        "<li>银行账户变更的，本人应及时到户籍地服务站登记，避免发放失败。</li></ol>"
        "<p>当月20日后仍未到账的，请联系所在村（社区）退役军人服务站核查。</p>",
        categories=("伤残军人", "烈士遗属", "因公牺牲军人遗属", "病故军人遗属"),
    ),
    _article(
        "退役士兵养老、医疗保险关系转移接续办理指南",
        "示退役发〔2026〕11号",
        "示范市退役军人事务局 示范市医疗保障局",
        (date(2026, 5, 15), date(2026, 5, 15), None),
        ("社保接续", "医疗保障"),
        "退役后到安置地社会保险经办机构办理军人退役养老、医疗保险关系接续，服役年限与地方缴费年限合并计算。",
        "<h2>要带什么</h2><ul><li>身份证、退役证件；</li><li>军人退役基本养老保险参保缴费凭证、"
        "军人退役医疗保险参保缴费凭证；</li><li>转移接续所需的其他材料。</li></ul>"
        "<h2>到哪里办</h2><p>到安置地（户籍地）县区社会保险和医疗保障经办机构办理，服务站可协助预约和核对材料。</p>"
        "<h2>提醒</h2><p>军龄视同缴费年限，与地方实际缴费年限合并计算。材料不全或凭证遗失的，请先到服务站登记，"
        "由服务站协助联系原部队开具证明。</p>",
        categories=("退役士兵", "复员干部"),
    ),
    _article(
        "西湖区重点优抚对象免费健康体检安排",
        "西退役〔2026〕5号",
        "示范市西湖区退役军人事务局",
        (date(2026, 6, 1), date(2026, 6, 1), date(2026, 12, 31)),
        ("医疗保障",),
        "西湖区每年为重点优抚对象安排一次免费健康体检，由服务站统一组织报名。",
        "<h2>体检对象</h2><p>户籍在西湖区的伤残军人、在乡复员军人、带病回乡退伍军人等重点优抚对象。</p>"
        "<h2>报名方式</h2><p>向所在村（社区）退役军人服务站报名，服务站统一确定体检时间和定点医院，"
        "并提前通知本人。行动不便的，可申请上门采血等便利服务。</p>"
        "<h2>体检项目</h2><table><thead><tr><th>类别</th><th>项目</th></tr></thead><tbody>"
        "<tr><td>常规</td><td>血常规、尿常规、肝肾功能、血糖、血脂</td></tr>"
        "<tr><td>影像</td><td>胸部影像、腹部彩超、心电图</td></tr></tbody></table>",
        station="330106",
        categories=("伤残军人", "复员干部"),
    ),
    _article(
        "退役军人法律援助服务指引",
        "示退役发〔2026〕14号",
        "示范市退役军人事务局 示范市司法局",
        (date(2026, 7, 1), date(2026, 7, 1), None),
        ("法律援助",),
        "退役军人在劳动争议、抚恤优待、人身财产权益等方面遇到法律问题，可通过服务站申请法律咨询和法律援助。",
        "<h2>能帮什么</h2><ul><li>免费法律咨询、代写法律文书；</li><li>劳动争议、抚恤优待待遇落实等事项的调解；</li>"
        "<li>符合条件的，指派律师代理诉讼。</li></ul>"
        "<h2>怎么申请</h2><p>到所在服务站的法律援助工作点登记，或在公众号菜单“提交诉求”中说明情况，"
        "工作人员会转交司法行政部门审查，并告知办理结果。</p>",
    ),
    _article(
        "退役军人子女教育优待政策",
        "示退役发〔2026〕16号",
        "示范市退役军人事务局 示范市教育局",
        (date(2026, 7, 20), date(2026, 9, 1), None),
        ("教育",),
        "烈士子女、因公牺牲和病故军人子女等，入读公办幼儿园、义务教育阶段学校按规定享受优待。",
        "<h2>优待内容</h2><ul><li>入读公办幼儿园和义务教育阶段学校，在同等条件下优先安排；</li>"
        "<li>就读期间按规定减免相关费用，家庭经济困难的优先纳入资助。</li></ul>"
        "<h2>办理方式</h2><p>招生报名时向学校出示相关证明，或先到户籍地服务站开具证明材料。</p>",
        categories=("烈士遗属", "因公牺牲军人遗属", "病故军人遗属"),
    ),
    _article(
        "优抚对象住房困难帮扶办法",
        "示退役发〔2026〕18号",
        "示范市退役军人事务局 示范市住房和城乡建设局",
        (date(2026, 8, 5), date(2026, 8, 5), None),
        ("住房", "困难帮扶"),
        "住房困难的优抚对象，符合条件的优先纳入公租房保障或农村危房改造。",
        "<h2>帮扶方式</h2><ul><li>城镇住房困难的，申请公共租赁住房时优先安排；</li>"
        "<li>农村住房困难的，优先纳入农村危房改造。</li></ul>"
        "<h2>申请流程</h2><p>向户籍地服务站提出申请，填写住房困难情况表，经乡镇（街道）核实后按程序上报。</p>",
    ),
    _article(
        "立功受奖退役军人荣誉激励办法",
        "示退役发〔2026〕20号",
        BUREAU,
        (date(2026, 9, 1), date(2026, 9, 1), None),
        ("荣誉激励",),
        "为立功受奖的现役军人家庭送喜报，为优秀退役军人颁发荣誉证书，营造尊崇氛围。",
        "<p>服役期间荣立三等功以上的，由县区退役军人事务局会同人武部为其家庭送喜报；"
        "评选出的优秀退役军人，颁发荣誉证书，并邀请参加重要庆典和纪念活动。</p>",
        draft=True,
    ),
    _article(
        "困难退役军人临时救助办理指引",
        "示退役发〔2026〕22号",
        "示范市退役军人事务局 示范市民政局",
        (date(2026, 10, 10), date(2026, 10, 10), None),
        ("困难帮扶",),
        "因病、因灾等原因导致基本生活暂时困难的退役军人，可通过服务站申请临时救助。",
        "<h2>申请条件</h2><p>因疾病、意外事故、自然灾害等原因导致基本生活出现暂时困难的退役军人及其家庭。</p>"
        "<h2>申请材料</h2><ul><li>身份证、户口簿；</li><li>困难情况说明及相关证明（如医疗费用票据）。</li></ul>"
        "<h2>办理流程</h2><p>向户籍地服务站提交申请，服务站入户核实后报乡镇（街道）审批，"
        "情况紧急的可先行救助、后补手续。</p>",
    ),
    _article(
        "关于做好2025年度优抚对象年度确认工作的通知",
        "示退役发〔2025〕2号",
        BUREAU,
        (date(2025, 2, 10), date(2025, 2, 10), date(2025, 4, 30)),
        ("优抚待遇",),
        "享受定期抚恤补助的优抚对象须在清明节前后完成年度确认，逾期未确认的暂停发放。",
        "<p>按照享受国家定期抚恤补助优抚对象年度确认的有关规定，2025年度确认工作安排如下：</p>"
        "<ol><li>确认时间：2025年2月10日至4月30日；</li>"
        "<li>确认方式：本人到户籍地服务站当面确认，行动不便的由工作人员上门确认；</li>"
        "<li>逾期未确认的，暂停发放抚恤补助，补办确认后恢复并补发。</li></ol>",
    ),
)


def seed_demo_policies():
    """The demo topics and articles, once (nothing happens to an article whose title exists)."""
    actor = Actor.of(staff_by_username(WRITER))
    topics = {name: _topic(name, sort) for sort, name in enumerate(TOPICS, start=1)}
    added = 0
    for values in ARTICLES:
        if db.session.scalar(select(PolicyArticle.id).filter_by(title=values["title"])) is not None:
            continue
        article = save_article(None, _values(values, topics), staff_by_username(WRITER), actor)
        if not values["draft"]:
            publish_article(article, actor)
        added += 1
    db.session.flush()
    return added


def _topic(name, sort):
    topic = db.session.execute(select(PolicyTopic).filter_by(name=name)).scalar_one_or_none()
    if topic is None:
        topic = PolicyTopic(name=name, sort=sort * 10, active=True)
        db.session.add(topic)
        db.session.flush()
    return topic


def _values(values, topics):
    categories = select(VeteranCategory.id).where(VeteranCategory.name.in_(values["categories"]))
    station = station_by_code(values["station"]) if values["station"] else None
    return {
        **values,
        "station_id": station.id if station else None,
        "topic_ids": [topics[name].id for name in values["topics"]],
        "category_ids": db.session.scalars(categories).all(),
    }
