"""Chinese messages of home adaptation (适老化改造 / 以旧换新), as constants that tests reuse. Each
names the field and the reason."""

PERMISSION_MANAGE = "您没有登记适老化改造申请的权限"
PERMISSION_APPROVE = "您没有审核适老化改造申请的权限"
PERMISSION_CATALOGUE = "您没有维护适老化改造项目目录的权限"

# ---- the catalogue ------------------------------------------------------------------------------
ITEM_CODE_INVALID = "项目编码：应为2–20位大写字母、数字或连字符"
ITEM_CODE_EXISTS = "项目编码：已有编码为{code}的项目"
ITEM_NAME_REQUIRED = "项目名称：请填写项目名称（不超过{max}个字）"
ITEM_CATEGORY_INVALID = "类别：应为适老化改造（renovation）或以旧换新（trade_in）"
ITEM_UNIT_REQUIRED = "单位：请填写计量单位（不超过{max}个字），如 套、平方米、台"
ITEM_PRICE_INVALID = "目录价：应为大于0、不超过{max}元的金额，最多两位小数"

# ---- an application -----------------------------------------------------------------------------
PERSON_REQUIRED = "老年人：请填写老人的身份证号"
ID_NUMBER_UNKNOWN = "身份证号：您的辖区内没有该身份证号的人员"
PERSON_TOO_YOUNG = "老年人：{name}在申请日未满60周岁，不在适老化改造补贴范围内"
PERSON_DECEASED = "老年人：{name}已于{date}去世"
APPLIED_ON_REQUIRED = "申请日期：请填写申请日期（YYYY-MM-DD）"
APPLIED_ON_FUTURE = "申请日期：不能晚于今天"
RATE_INVALID = "补贴比例：应为大于0、不超过1的比例，最多两位小数，如 0.80"
LINES_REQUIRED = "改造项目：请至少选择一个项目并填写数量"
LINE_ITEM_UNKNOWN = "改造项目：第{n}项不是目录中在用的项目"
LINE_ITEM_REPEATED = "改造项目：{name}重复填写，请合并数量"
LINE_QUANTITY_INVALID = "数量：{name}的数量应为1到{max}之间的整数"
LINE_PRICE_INVALID = "单价：{name}的单价应为大于0、不超过目录价{price}元的金额，最多两位小数"
NOTE_TOO_LONG = "备注：不能超过{max}个字"

# ---- review and payment -------------------------------------------------------------------------
NOT_SUBMITTED = "状态：该申请已审核（{status}），不能再次审核"
REVIEW_OWN = "审核人：不能审核自己登记的申请（经办与审核须为两人）"
REASON_REQUIRED = "不予补贴原因：请填写原因（不超过{max}个字）"
NOT_APPROVED = "状态：只有已审核通过、尚未发放的申请可以登记补贴发放（当前：{status}）"
PAID_ON_REQUIRED = "发放日期：请填写发放日期（YYYY-MM-DD）"
PAID_ON_FUTURE = "发放日期：不能晚于今天"
PAID_BEFORE_APPLIED = "发放日期：不能早于申请日期{date}"

# ---- pages --------------------------------------------------------------------------------------
PAGE_SUBMITTED = "已登记申请：{name}，费用{total}元，补贴{subsidy}元，待区县审核"
PAGE_APPROVED = "已审核通过"
PAGE_REFUSED = "已登记不予补贴"
PAGE_PAID = "已登记补贴发放：{subsidy}元"
PAGE_ITEM_ADDED = "已添加目录项目"
