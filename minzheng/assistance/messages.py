"""Chinese messages of the assistance programs, as constants that tests reuse. The asset and
no-standard reasons are the engine's (``minzheng.benefits.messages``), so a reason reads the same
whichever program gives it."""

from minzheng.core import messages as core_messages

# ---- tekun ------------------------------------------------------------------------------------
TEKUN_NO_WORK_ABILITY_AGE_OLD = "年满{age}周岁，属于无劳动能力"
TEKUN_NO_WORK_ABILITY_AGE_YOUNG = "未满{age}周岁，属于无劳动能力"
TEKUN_NO_WORK_ABILITY_DISABLED = "{kind}残疾{grade}级，属于无劳动能力"
TEKUN_WORK_ABLE = "不满足无劳动能力条件（年龄{age}，未持有规定等级的残疾人证）"
TEKUN_INCOME_BELOW = "本人月收入{income}元，低于低保标准{standard}元"
TEKUN_INCOME_NOT_BELOW = "本人月收入{income}元，不低于低保标准{standard}元，不属于无生活来源"
TEKUN_NO_SUPPORTER = "无法定赡养、抚养、扶养义务人"
TEKUN_SUPPORTERS_UNABLE = "法定义务人无履行义务能力"
TEKUN_SUPPORTERS_ABLE = "有法定赡养、抚养、扶养义务人且有履行能力，不符合特困条件"
TEKUN_SUPPORTERS_UNKNOWN = "未说明法定义务人情况"
SUBJECT_DECEASED = "对象已故"
TEKUN_DIBAO_STANDARD_MISSING = "该地区该月份没有适用的低保标准，无法认定有无生活来源"
TEKUN_BASIC = "基本生活标准{standard}元/月"
TEKUN_CARE = "生活自理能力：{level}（{failed}项不能自理），照料护理补贴{amount}元/月"
TEKUN_CARE_NOT_ASSESSED = "未评估生活自理能力，照料护理补贴待评估后核定"
TEKUN_AMOUNT = "每月供养金额合计{amount}元"
CARE_LEVELS = {"self_care": "全自理", "partial_loss": "部分失能", "full_loss": "完全失能"}
SELF_CARE_ITEMS = {"eating": "吃饭", "dressing": "穿衣", "bed_transfer": "上下床", "toileting": "如厕",
                   "indoor_walking": "室内行走", "bathing": "洗澡"}

# ---- dibian -----------------------------------------------------------------------------------
DIBIAN_INCOME_IN_BAND = "家庭人均月收入{income}元，高于低保标准{standard}元且不超过其{k}倍（{limit}元）"
DIBIAN_INCOME_NOT_ABOVE = "家庭人均月收入{income}元，不高于低保标准{standard}元，可申请最低生活保障"
DIBIAN_INCOME_OVER = "家庭人均月收入{income}元，超过低保标准的{k}倍（{limit}元）"
DIBIAN_LOW_INCOME = "纳入低保边缘家庭，享受分类救助和帮扶"
DIBIAN_AMOUNT = "每月补助{amount}元"
DIBIAN_NO_CASH = "低保边缘家庭一般不发放按月现金补助"

# ---- temporary aid ----------------------------------------------------------------------------
AID_KIND_INVALID = "临时救助类型应为急难型或支出型"
AID_KIND = "救助类型：{kind}"
AID_NEED_MISSING = "未填写需救助的金额"
AID_NEED_INVALID = "需救助金额应为金额，最多两位小数"
AID_CAPPED = "申请救助{need}元，超过上限{cap}元（低保标准的{months}倍），按上限救助"
AID_AMOUNT = "一次性救助{amount}元"
AID_KINDS = {"emergency": "急难型", "expenditure": "支出型"}

# ---- disability subsidies ---------------------------------------------------------------------
DISABILITY_NO_CERTIFICATE = "没有有效的残疾人证"
DISABILITY_CERTIFICATE = "持有{kind}残疾{grade}级残疾人证"
DISABILITY_NOT_LOW_INCOME = "不属于最低生活保障家庭成员"
DISABILITY_NOT_LOW_INCOME_EXTENDED = "不属于最低生活保障或其他低收入家庭成员"
DISABILITY_LOW_INCOME = "属于{programs}对象"
DISABILITY_GRADE_NOT_COVERED = "{kind}残疾{grade}级不在重度残疾人护理补贴范围内"
DISABILITY_AMOUNT = "每月补贴{amount}元"

# ---- elder subsidies --------------------------------------------------------------------------
ELDER_AGE_OK = "年满{age}周岁"
ELDER_AGE_UNDER = "未满{age}周岁"
ELDER_AGE_UNKNOWN = "出生日期不详，无法认定年龄"
ELDER_NOT_LOW_INCOME = "不属于低收入人口（低保、低边或特困对象）"
ELDER_LEVEL_MISSING = "未登记老年人能力等级"
ELDER_LEVEL_NOT_COVERED = "老年人能力等级为{level}，不在护理补贴范围内"
ELDER_LEVEL = "老年人能力等级为{level}"
ELDER_AMOUNT = "每月补贴{amount}元"

# ---- disability certificates ------------------------------------------------------------------
CERT_NUMBER_INVALID = "残疾人证号应为20位：18位身份证号加残疾类别和等级各1位"
CERT_NUMBER_NOT_PERSON = "残疾人证号的前18位应为本人身份证号"
CERT_NUMBER_MISMATCH = "残疾人证号末两位应与残疾类别（{kind}）和等级（{grade}）一致"
CERT_NUMBER_EXISTS = "该残疾人证号已登记"
CERT_KIND_INVALID = "残疾类别无效"
CERT_GRADE_INVALID = "残疾等级应为1到4级"
CERT_DATES_INVALID = "有效期至不能早于发证日期"
CERT_ISSUED_FUTURE = "发证日期不能晚于今天"
CERT_PERSON_DECEASED = "该人员已故，不能登记残疾人证"
CERT_ALREADY_REVOKED = "该残疾人证已注销"
CERT_REVOKE_REASON_REQUIRED = "请填写注销原因"

# ---- ability level (stand-in) -----------------------------------------------------------------
ABILITY_LEVEL_INVALID = "能力等级无效"
ABILITY_DATE_FUTURE = "评估日期不能晚于今天"

# ---- trial calculation ------------------------------------------------------------------------
ASSESS_REGION_REQUIRED = "请选择地区"
ASSESS_REGION_UNKNOWN = "地区不存在：{code}"
ASSESS_MONTH_INVALID = "月份格式应为YYYY-MM，例如2024-06"
ASSESS_NO_STANDARD = "{month}在该地区没有适用的{program}标准"
ASSESS_MEMBERS_REQUIRED = "请至少填写一名家庭成员"
ASSESS_MEMBERS_TOO_MANY = "家庭成员最多填写{max}人"
ASSESS_MEMBER = "第{n}名成员：{message}"
INCOME_REQUIRED = "请填写月收入"
INCOME_INVALID = "月收入应为金额，最多两位小数"
INCOME_NEGATIVE = "月收入不能为负数"
INCOME_TOO_LARGE = "月收入不能超过{max}元"
DEPOSITS_INVALID = "存款应为金额，最多两位小数"
DEPOSITS_NEGATIVE = "存款不能为负数"
DEPOSITS_TOO_LARGE = "存款不能超过{max}元"
COUNT_INVALID = "{field}应为0或正整数"
COUNT_TOO_LARGE = "{field}不能超过{max}"
AGE_REQUIRED = "请填写年龄"
AGE_INVALID = "年龄应为0到150之间的整数"
SUPPORTERS_INVALID = "请选择法定义务人情况"
DISABILITY_KIND_INVALID = "残疾类别无效"
DISABILITY_GRADE_INVALID = "残疾等级应为1到4级"
SELF_CARE_INVALID = "生活自理项目应为吃饭、穿衣、上下床、如厕、室内行走、洗澡，每项填是或否"
BOOLEAN_INVALID = "{field}应为是或否"
OBJECT_INVALID = "{field}格式不正确"

# ---- public self-check ------------------------------------------------------------------------
SELF_CHECK_RATE_LIMITED = "试算过于频繁：每小时最多试算{limit}次，请稍后再试"
SELF_CHECK_TOWNSHIP_REQUIRED = "请选择户籍所在的乡镇（街道）"
SELF_CHECK_NEXT_STEP = "请携带户口簿、身份证和收入证明，向户籍所在地{township}提出书面申请，也可以在“浙里办”网上申请。"
SELF_CHECK_NEXT_STEP_NONE = "如家庭遭遇突发困难或大额医疗、教育支出，可向户籍所在地{township}申请临时救助。"
SELF_CHECK_NOTE = "试算结果仅供参考，以家庭经济状况核对和审核审批结果为准。"

# ---- pages --------------------------------------------------------------------------------------
PAGE_ID_NUMBER_NOT_FOUND = "本辖区没有该身份证号的人员"
PAGE_CERT_RECORDED = "已登记残疾人证：{cert}"
PAGE_CERT_REVOKED = "已注销残疾人证：{cert}"
PAGE_LEVEL_RECORDED = "已登记老年人能力等级：{level}"

# ---- the year's figures ------------------------------------------------------------------------
FIGURES_YEAR_INVALID = core_messages.FIGURES_YEAR_INVALID  # one wording for every figures page
