"""Chinese messages of home eldercare beds (家庭养老床位), as constants that tests reuse. Each names
the field and the reason."""

PERMISSION = "您没有办理家庭养老床位的权限"

# ---- the contract -------------------------------------------------------------------------------
PERSON_REQUIRED = "老年人：请填写老人的身份证号"
ID_NUMBER_UNKNOWN = "身份证号：人口库中没有该身份证号的人员"
PERSON_OUT_OF_SCOPE = "老年人：{name}的居住地不在您的管辖范围内"
PERSON_DECEASED = "老年人：{name}已于{date}去世"
PERSON_UNDER_AGE = "老年人：{name}在服务起始日期未满{age}周岁，家庭养老床位只面向老年人"
PERSON_NOT_ELIGIBLE = (
    "老年人：{name}不符合家庭养老床位的条件：家庭养老床位面向经济困难（低保、低边、特困）"
    "或经能力评估为失能、半失能的老人；该老人{level}，且无低保、低边或特困待遇"
)
LEVEL_NONE = "没有有效的能力评估"
LEVEL_OF = "最近一次能力评估为“{level}”"
PERSON_HAS_HOME_BED = (
    "老年人：{name}已有家庭养老床位（{provider}，{start}起），同一老人只能有一张，请先终止原合同"
)
PERSON_IN_CARE_HOME = "老年人：{name}正入住{home}（{start}起），不能同时签约家庭养老床位"
PROVIDER_REQUIRED = "服务机构：请选择服务机构"
PROVIDER_KIND = "服务机构：只有养老机构或社区居家养老服务中心可以提供家庭养老床位，该设施是“{kind}”"
PROVIDER_CLOSED = "服务机构：{name}目前不在运营（{status}），不能签约"
STARTED_ON_REQUIRED = "服务起始日期：请填写服务起始日期"
STARTED_ON_INVALID = "服务起始日期：格式应为 YYYY-MM-DD"
STARTED_ON_TOO_LATE = "服务起始日期：最晚为今天起{days}天内"
STARTED_ON_TOO_EARLY = "服务起始日期：不能早于{earliest}"
PLAN_REQUIRED = "服务计划：至少填写一类服务（助餐、助洁、助浴、助医、助行、助急）的每月上门次数"
PLAN_KIND_INVALID = "服务计划：服务类别应为助餐、助洁、助浴、助医、助行或助急：{kind}"
PLAN_VISITS_INVALID = "服务计划：{kind}每月次数应为0到{max}之间的整数"

# ---- ending it ----------------------------------------------------------------------------------
ALREADY_ENDED = "该家庭养老床位已于{date}终止"
ENDED_ON_REQUIRED = "终止日期：请填写终止日期"
ENDED_ON_INVALID = "终止日期：格式应为 YYYY-MM-DD"
ENDED_ON_BEFORE_START = "终止日期：不能早于服务起始日期（{start}）"
ENDED_ON_FUTURE = "终止日期：不能晚于今天"
END_REASON_INVALID = "终止原因：请选择终止原因"
END_NOTE_REQUIRED = "终止说明：终止原因为“其他”时请说明"
NOTE_TOO_LONG = "终止说明：不能超过{max}个字"

# ---- devices ------------------------------------------------------------------------------------
DEVICE_ON_ENDED = "设备：该家庭养老床位已终止，不能再登记设备"
DEVICE_KIND_INVALID = "设备类型：请选择设备类型"
SERIAL_REQUIRED = "设备序列号：请填写设备序列号"
SERIAL_INVALID = "设备序列号：应为1到{max}位字母、数字或“-”"
SERIAL_IN_USE = "设备序列号：该{kind}（{serial}）正在其他家庭使用，请先登记拆除"
INSTALLED_ON_REQUIRED = "安装日期：请填写安装日期"
INSTALLED_ON_INVALID = "安装日期：格式应为 YYYY-MM-DD"
INSTALLED_ON_RANGE = "安装日期：应在服务起始日期（{start}）和今天之间"
DEVICE_ALREADY_REMOVED = "该设备已于{date}拆除"
REMOVED_ON_REQUIRED = "拆除日期：请填写拆除日期"
REMOVED_ON_INVALID = "拆除日期：格式应为 YYYY-MM-DD"
REMOVED_ON_RANGE = "拆除日期：应在安装日期（{installed}）和今天之间"

# ---- reads --------------------------------------------------------------------------------------
MONTH_INVALID = "月份：格式应为 YYYY-MM（例如 2024-06），月份在 1 到 12 之间：{value}"
YEAR_INVALID = "年度：应为2000–2100之间的四位数字"
STATUS_INVALID = "状态：应为服务中（active）或已终止（ended）"

# ---- pages --------------------------------------------------------------------------------------
PAGE_SIGNED = "已签约：{name}，{provider}，{start}起"
PAGE_ENDED = "已终止：{name}的家庭养老床位，{date}"
PAGE_DEVICE_ADDED = "已登记设备：{kind} {serial}"
PAGE_DEVICE_REMOVED = "已登记拆除：{kind} {serial}，{date}"
