"""Chinese messages of marriage registration (rules, registrations, statistics), as constants that
tests reuse. Each names the field or the party and the reason."""

# ---- the legal checks (rules.checks) ------------------------------------------------------------
AGE_TOO_YOUNG = "{party}：登记日未满法定婚龄（{gender}{minimum}周岁），当日为{age}周岁，{reach}起方可登记"
PARTY_MARRIED = "{party}：目前为已婚状态，不得重婚"
PARTY_DECEASED = "{party}：已死亡，不能办理婚姻登记"
PROHIBITED_NOT_DECLARED = "双方：未声明双方无直系血亲和三代以内旁系血亲关系"
NOT_MAN_AND_WOMAN = "双方：结婚应为男女双方"
PARTY_LABELS = {"M": "男方", "F": "女方"}
GENDER_LABELS = {"M": "男", "F": "女"}

# ---- the API's input ----------------------------------------------------------------------------
DATE_REQUIRED = "{field}：请填写日期"
DATE_INVALID = "{field}：格式应为 YYYY-MM-DD"
DATE_OUT_OF_RANGE = "{field}：日期超出可计算的范围"
PARTIES_TWO = "当事人：应为两名当事人"
GENDER_INVALID = "性别：应为 M（男）或 F（女）"
STATUS_INVALID = "婚姻状况：应为 unmarried、married、divorced、widowed 之一"
ALIVE_INVALID = "是否在世：应为 true 或 false"
DECLARED_INVALID = "无禁止结婚亲属关系声明：应为 true 或 false"
BIRTH_AFTER_REGISTRATION = "出生日期：不能晚于登记日期"

# ---- registrations ------------------------------------------------------------------------------
OFFICE_REQUIRED = "登记机关：请选择婚姻登记处"
OFFICE_NOT_MARRIAGE = "登记机关：该设施不是婚姻登记处"
OFFICE_CLOSED = "登记机关：该婚姻登记处已关闭"
REGISTERED_ON_FUTURE = "登记日期：不能晚于今天"
BOTH_PRESENT_REQUIRED = "双方到场：须由登记员确认双方当事人亲自到场"
DECLARED_NOT_MARRIED_REQUIRED = "无配偶声明：双方须声明本人目前没有配偶"
PARTY_ID_INVALID = "{party}身份证号：{reason}"
PARTY_NAME_REQUIRED = "{party}姓名：该身份证号尚未登记，请填写姓名以录入人员"
PARTY_REGION_REQUIRED = "{party}居住地：该身份证号尚未登记，请选择居住地区划以录入人员"
SAME_PERSON = "女方身份证号：双方不能是同一人"
MARRIAGE_REFUSED = "不符合结婚登记条件：{reasons}"
AGREEMENT_REQUIRED = "离婚协议：请填写离婚协议（书面协议的内容或其文件编号）"
AGREEMENT_TOO_LONG = "离婚协议：最多 4000 字"
MARRIAGE_NOT_VALID = "婚姻：该婚姻当前不是有效状态（{status}），不能办理"
DIVORCE_PENDING = "婚姻：该婚姻已有一件待办的离婚申请（{applied_on}申请）"
APPLIED_ON_FUTURE = "申请日期：不能晚于今天"
APPLIED_BEFORE_MARRIAGE = "申请日期：不能早于结婚登记日期{date}"
NOT_PENDING = "离婚申请：该申请已{status}，不能再办理"
WITHDRAW_BY_REQUIRED = "撤回人：请选择撤回申请的一方（男方或女方）"
WITHDRAW_AFTER_COOLING = "撤回日期：冷静期已于{date}届满，冷静期内方可撤回"
WITHDRAW_BEFORE_APPLIED = "撤回日期：不能早于申请日期{date}"
REGISTER_BEFORE_WINDOW = "登记日期：冷静期至{date}届满，届满后方可发证"
REGISTER_AFTER_WINDOW = "登记日期：应在{date}前到场，已逾期，申请视为撤回"
PARTY_DIED = "{party}：已死亡，不能办理"
REPLACE_REASON_REQUIRED = "补领原因：请填写补领原因（如遗失、损毁）"
CERTIFICATE_NOT_VALID = "证件：该证件已{status}，不能补领，请补领现行有效的证件"
COURT_KIND_INVALID = "类型：应为“无效婚姻”或“撤销婚姻”"
COURT_NAME_REQUIRED = "法院：请填写作出判决的人民法院"
JUDGMENT_REQUIRED = "判决文书号：请填写判决文书号"
EFFECTIVE_ON_FUTURE = "生效日期：不能晚于今天"
EFFECTIVE_BEFORE_MARRIAGE = "生效日期：不能早于结婚登记日期{date}"
COURT_ALREADY = "婚姻：该婚姻已被标记为{status}"
TEXT_TOO_LONG = "{field}：最多{limit}字"

# ---- statistics ---------------------------------------------------------------------------------
YEAR_INVALID = "年份：应为 2000 到 2100 之间的年份"

# ---- pages --------------------------------------------------------------------------------------
PAGE_REGISTERED = "结婚登记完成，结婚证字号 {number}"
PAGE_DIVORCE_APPLIED = "离婚申请已受理：冷静期至{cooling}，须在{appear}前双方到场"
PAGE_WITHDRAWN = "离婚申请已撤回"
PAGE_DIVORCED = "离婚登记完成，离婚证字号 {number}"
PAGE_REPLACED = "补领完成，新证字号 {number}"
PAGE_COURT_MARKED = "已记录法院判决：{kind}"
