"""Chinese messages of community mental-health rehab (精神康复), as constants that tests reuse.
Each names the field and the reason."""

PERMISSION_NETWORK = "您没有维护精神康复服务网络的权限"
PERMISSION_PATIENTS = "您没有登记在册精神障碍患者的权限"
PERMISSION_SERVICES = "您没有登记康复服务记录的权限"
PERMISSION_REVIEWS = "您没有开展残疾人两项补贴复核的权限"

DATE_INVALID = "{field}：格式应为 YYYY-MM-DD"
DATE_REQUIRED = "{field}：请填写{field}"
DATE_FUTURE = "{field}：不能晚于今天"
DATE_TOO_EARLY = "{field}：不能早于{earliest}"

# ---- the network --------------------------------------------------------------------------------
FACILITY_REQUIRED = "机构：请选择机构"
LEVEL_INVALID = "网络层级：应为区县级精神康复中心、乡镇（街道）级康复站或村（社区）康复点"
FACILITY_KIND = "机构：{level}只能设在{kinds}，该设施是“{kind}”"
FACILITY_CLOSED = "机构：该机构已关闭"
PLACEMENT_SAME = "网络层级：该机构已是{level}（{date}起）"
COUNTY_CENTRE_TAKEN = "网络层级：{county}已有区县级精神康复中心“{name}”，请先将其退出"
PLACEMENT_ENDED = "退出日期：该节点已于{date}退出"
ENDED_BEFORE_PLACED = "退出日期：不能早于纳入日期{date}"

# ---- patients -----------------------------------------------------------------------------------
PERSON_REQUIRED = "身份证号：请填写患者的身份证号"
ID_NUMBER_UNKNOWN = "身份证号：人口库中没有该身份证号的人员，或不在您的辖区"
PERSON_DECEASED = "身份证号：该人员已去世，不能登记为在册患者"
PERSON_ACTIVE = "身份证号：该人员已是在册患者（编号{pk}），不能重复登记"
ORGANIZATION_REQUIRED = "服务机构：请选择精神康复服务机构"
ORGANIZATION_KIND = "服务机构：应为精神康复机构或已纳入康复服务网络的机构"
DIAGNOSIS_INVALID = "诊断：应为六类严重精神障碍之一或“其他精神障碍”"
SEVERITY_INVALID = "严重程度：应为轻度、中度或重度"
SIGNER_INVALID = "签署人：应为本人或监护人"
SIGNER_REQUIRED = "签署人：填写知情同意日期时请选择签署人"
CONSENT_DATE_REQUIRED = "知情同意日期：选择签署人时请填写知情同意日期"
GUARDIAN_REQUIRED = "监护人姓名：监护人签署时请填写监护人姓名（不超过{max}个字）"
GUARDIAN_NOT_NEEDED = "监护人姓名：本人签署时不填监护人姓名"
CONSENT_BEFORE_REGISTERED = "知情同意日期：不能早于在册日期{date}前一年"
CONSENT_EXISTS = "知情同意日期：该患者已于{date}签署知情同意"
PATIENT_ENDED = "结案日期：该患者已于{date}结案"
END_REASON_REQUIRED = "结案原因：请填写结案原因（不超过{max}个字）"
ENDED_BEFORE_REGISTERED = "结案日期：不能早于在册日期{date}"

# ---- service records ----------------------------------------------------------------------------
SERVICE_KIND_INVALID = "服务类型：应为服药训练、生活技能训练、职业康复训练或居家康复指导"
SERVICE_FACILITY_REQUIRED = "服务机构：请选择提供服务的机构"
SERVICE_FACILITY_NOT_YOURS = "服务机构：只能为本机构登记服务"
NO_CONSENT = "患者：该患者尚未签署知情同意，不能登记康复服务"
BEFORE_CONSENT = "服务日期：早于患者签署知情同意的日期{date}，不能登记"
BEFORE_REGISTERED = "服务日期：早于患者在册日期{date}"
AFTER_ENDED = "服务日期：患者已于{date}结案"
MINUTES_INVALID = "时长：应为1到{max}之间的整数（分钟）"
STAFF_REQUIRED = "服务人员：请填写服务人员姓名（不超过{max}个字）"
NOTE_TOO_LONG = "备注：不能超过{max}个字"

# ---- review rounds ------------------------------------------------------------------------------
REGION_INVALID = "复核范围：应为4、6或9位数字的区划代码前缀"
REGION_UNKNOWN = "复核范围：区划不存在：{code}"
REGION_OUT_OF_SCOPE = "复核范围：{code}不在您的管辖范围内"
ROUND_EXISTS = "复核日期：{region}{year}年{half}已开展复核（批次“{name}”）"
ROUND_NAME_TOO_LONG = "批次名称：不能超过{max}个字"
PROGRAMS_MISSING = "项目：残疾人两项补贴项目未登记，请先执行数据库迁移"
ROUND_TERMINATE_REASON = "复核不再符合条件：{reasons}"

# ---- pages --------------------------------------------------------------------------------------
PAGE_PLACED = "已纳入服务网络：{name}（{level}）"
PAGE_PLACEMENT_ENDED = "已退出服务网络：{name}"
PAGE_REGISTERED = "已登记在册患者：{name}"
PAGE_CONSENTED = "已登记知情同意：{date}（{signer}）"
PAGE_ENDED = "已结案：{date}"
PAGE_SERVICE_RECORDED = "已登记康复服务：{kind} {date}"
PAGE_ROUND_DONE = (
    "复核批次“{name}”已完成：复核{reviewed}人次，继续享受{continued}，变更金额{changed}，终止{terminated}"
)
