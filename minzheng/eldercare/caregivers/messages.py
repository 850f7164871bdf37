"""Chinese messages of the caregiver registry (养老护理员) and its allowance, as constants that tests
reuse. Each names the field and the reason."""

PERMISSION_MANAGE = "您没有登记养老护理员的权限"
PERMISSION_ALLOWANCE = "您没有维护养老护理员特殊岗位津贴的权限"

# ---- the registry -------------------------------------------------------------------------------
PERSON_REQUIRED = "人员：请填写护理员的身份证号"
ID_NUMBER_UNKNOWN = "身份证号：人口库中没有该身份证号的人员"
PERSON_DECEASED = "人员：{name}已去世，不能登记为养老护理员"
PERSON_ACTIVE = "人员：{name}已在“{employer}”登记为在职护理员（编号{pk}），请先办理离职"
PERSON_TOO_YOUNG = "从业起始日期：护理员当时未满{age}周岁"
EMPLOYER_REQUIRED = "就职机构：请选择养老机构或社区居家养老服务中心"
EMPLOYER_KIND = "就职机构：只有养老机构或社区居家养老服务中心可以登记护理员，该设施是“{kind}”"
EMPLOYER_CLOSED = "就职机构：该机构已关闭"
STARTED_REQUIRED = "从业起始日期：请填写从业起始日期"
DATE_INVALID = "{field}：格式应为 YYYY-MM-DD"
DATE_FUTURE = "{field}：不能晚于今天"
DATE_TOO_EARLY = "{field}：不能早于{earliest}"
LEVEL_INVALID = "证书等级：应为初级、中级、高级、技师、高级技师之一，未持证留空"
NUMBER_REQUIRED = "证书编号：持证护理员请填写证书编号"
NUMBER_INVALID = "证书编号：应为1–40位字母、数字或“-”"
NUMBER_WITHOUT_LEVEL = "证书编号：未持证（证书等级为空）时不填证书编号和发证日期"
NUMBER_TAKEN = "证书编号：该编号已登记给{name}（护理员编号{pk}）"
CERTIFIED_REQUIRED = "发证日期：持证护理员请填写发证日期"
LEVEL_SAME = "证书等级：与现有登记相同（{level}，{number}），无需变更"
NOT_ACTIVE = "离职日期：该护理员已于{date}离职，不能再办理"
LEFT_REQUIRED = "离职日期：请填写离职日期"
LEFT_BEFORE_START = "离职日期：不能早于从业起始日期{date}"

# ---- awards -------------------------------------------------------------------------------------
AWARD_NAME_REQUIRED = "竞赛或奖项名称：请填写名称（不超过{max}个字）"
AWARD_LEVEL_INVALID = "级别：应为国家级、省级、市级或县（区）级"
AWARD_RANK_REQUIRED = "名次或等次：请填写名次或等次（不超过{max}个字）"
AWARD_EXISTS = "竞赛或奖项名称：该护理员{date}的“{name}”已登记"

# ---- the allowance ------------------------------------------------------------------------------
STANDARD_LEVEL_INVALID = "证书等级：应为初级、中级、高级、技师、高级技师之一"
STANDARD_YEARS_INVALID = "从业年限：应为0到{max}之间的整数（满该年数起适用）"
STANDARD_AMOUNT_INVALID = "津贴标准：应为0到{max}之间的金额（元/月），最多两位小数"
STANDARD_MONTH_INVALID = "起始月份：格式应为 YYYY-MM（例如 2025-01），月份在 1 到 12 之间：{value}"
STANDARD_EXISTS = (
    "起始月份：{region}该档次{month}起已有津贴标准（{amount}元/月）；标准不覆盖，请填写新的起始月份"
)
STANDARD_NOTE_TOO_LONG = "依据：不能超过{max}个字"
REGION_INVALID = "适用区划：应为4、6、9或12位数字的区划代码前缀"
REGION_UNKNOWN = "适用区划：区划不存在：{code}"
REGION_OUT_OF_SCOPE = "适用区划：{code}不在您的管辖范围内"
MONTH_INVALID = "月份：格式应为 YYYY-MM（例如 2024-06），月份在 1 到 12 之间：{value}"
PROGRAM_MISSING = "项目：津贴项目（caregiver_allowance）未登记，请先执行数据库迁移"

# Why a caregiver is or is not paid a month (the allowance's reasons, shown on the pages).
WHY_LEFT = "已于{date}离职"
WHY_NOT_STARTED = "从业起始日期{date}晚于该月"
WHY_UNCERTIFIED = "未持证，不享受特殊岗位津贴"
WHY_CERTIFIED_LATER = "发证日期{date}晚于该月1日"
WHY_TOO_NEW = "在岗未满{months}个月（从业起始{date}）"
WHY_DECEASED = "人员已去世"
WHY_NO_STANDARD = "{region}没有{level}的津贴标准"
WHY_PAID = "{level}、从业满{years}年：按“满{band}年”档每月{amount}元"

# ---- pages --------------------------------------------------------------------------------------
PAGE_REGISTERED = "已登记养老护理员：{name}（{level}）"
PAGE_LEVEL_CHANGED = "已变更证书等级：{level}"
PAGE_LEFT = "已办理离职：{date}"
PAGE_AWARD_ADDED = "已登记获奖：{name}"
PAGE_STANDARD_ADDED = "已录入特殊岗位津贴标准"
PAGE_GRANTED = (
    "{month}津贴已核定：新纳入{created}人，调整金额{changed}人，停发{stopped}人；发放批次{run}（{status}），"
    "{lines}笔，合计{total}元"
)
YEAR_INVALID = "年度：应为2000–2100之间的四位数字"
