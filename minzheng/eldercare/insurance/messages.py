"""Chinese messages of accident insurance for elders (老年人意外险), as constants that tests reuse.
Each names the field and the reason."""

PERMISSION_MANAGE = "您没有登记老年人意外险保单和理赔的权限"

# ---- a policy -----------------------------------------------------------------------------------
PERSON_REQUIRED = "被保险老人：请填写老人的身份证号"
ID_NUMBER_UNKNOWN = "身份证号：您的辖区内没有该身份证号的人员"
PERSON_TOO_YOUNG = "被保险老人：{name}在{year}年底未满60周岁，不在老年人意外险范围内"
PERSON_DECEASED = "被保险老人：{name}已于{date}去世，不能投保{year}年度"
YEAR_INVALID = "保险年度：应为{min}–{max}之间的四位数字"
INSURER_REQUIRED = "承保公司：请填写承保公司名称（不超过{max}个字）"
PREMIUM_INVALID = "保费：应为大于0、不超过{max}元的金额，最多两位小数（精确到分）"
POLICY_EXISTS = "保险年度：该老人{year}年度已有保单（{insurer}，保费{premium}元），同一年度不能重复投保"

# ---- a claim ------------------------------------------------------------------------------------
KIND_INVALID = "理赔类型：应为意外医疗、康复津贴、住院津贴、意外伤残或意外身故之一"
ACCIDENT_ON_REQUIRED = "出险日期：请填写出险日期（YYYY-MM-DD）"
ACCIDENT_OUTSIDE_YEAR = "出险日期：应在保单的保险年度（{year}年）内"
ACCIDENT_AFTER_DEATH = "出险日期：晚于老人的死亡日期{date}"
CLAIMED_ON_REQUIRED = "报案日期：请填写报案日期（YYYY-MM-DD）"
CLAIMED_BEFORE_ACCIDENT = "报案日期：不能早于出险日期"
DAY_FUTURE = "{label}：不能晚于今天"
AMOUNT_INVALID = "{label}：应为大于0、不超过{max}元的金额，最多两位小数（精确到分）"
DEATH_ONLY_ONCE = "理赔类型：该保单已有意外身故理赔"

# ---- deciding a claim ---------------------------------------------------------------------------
CLAIM_DECIDED = "状态：该理赔已于{at}结案（{status}），不能再次结案"
PAID_MORE_THAN_CLAIMED = "赔付金额：不能超过申请金额{claimed}元"
PAID_ON_REQUIRED = "赔付日期：请填写赔付日期（YYYY-MM-DD）"
PAID_BEFORE_CLAIMED = "赔付日期：不能早于报案日期{date}"
REASON_REQUIRED = "拒赔原因：拒赔时请填写原因（不超过{max}个字）"
DECISION_INVALID = "结案方式：应为赔付（pay）或拒赔（refuse）"

# ---- reads --------------------------------------------------------------------------------------
PAGE_POLICY_ADDED = "已登记保单：{name}，{year}年度，{insurer}，保费{premium}元"
PAGE_CLAIM_ADDED = "已登记理赔：{name}，{kind}，申请{amount}元"
PAGE_CLAIM_PAID = "已登记赔付：{amount}元"
PAGE_CLAIM_REFUSED = "已登记拒赔"
NO_POLICY = "保险年度：该老人没有{year}年度的保单，请先登记保单"
