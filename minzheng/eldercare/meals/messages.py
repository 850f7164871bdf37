"""Chinese messages of meals for the elderly (老年助餐), as constants that tests reuse. Each names
the field and the reason."""

PERMISSION_RECORD = "您没有登记老年助餐的权限"
PERMISSION_RATES = "您没有维护老年助餐补贴标准的权限"

# ---- a meal -------------------------------------------------------------------------------------
SITE_REQUIRED = "助餐点：请选择助餐点"
SITE_NOT_MEAL_SITE = "助餐点：只有老年助餐点可以登记助餐，该设施是“{kind}”"
PERSON_REQUIRED = "老年人：请填写就餐老人的身份证号或爱心卡号"
PERSON_DECEASED = "老年人：{name}已于{date}去世，不能登记此后的助餐"
PERSON_BORN_AFTER = "就餐日期：早于就餐老人的出生日期"
ID_NUMBER_UNKNOWN = "身份证号：人口库中没有该身份证号的人员"
CARD_NUMBER_UNKNOWN = "爱心卡号：没有该号码的爱心卡"
FIND_ONE = "老年人：请填写身份证号或爱心卡号其中之一"
SERVED_ON_REQUIRED = "就餐日期：请填写就餐日期"
SERVED_ON_INVALID = "就餐日期：格式应为 YYYY-MM-DD"
SERVED_ON_FUTURE = "就餐日期：不能晚于今天"
SERVED_ON_TOO_EARLY = "就餐日期：不能早于{earliest}"
MEAL_INVALID = "餐次：应为午餐（lunch）或晚餐（dinner）"
MODE_INVALID = "就餐方式：应为堂食（eat_in）或送餐上门（delivered）"
PAID_WITH_INVALID = "支付方式：应为爱心卡（love_card）或现金（cash）"
PRICE_REQUIRED = "餐费：请填写餐费（元）"
PRICE_INVALID = "餐费：应为大于0、不超过{max}元的金额，最多两位小数（精确到分）"
NO_CARD = "支付方式：该老人没有开通爱心卡，请选择现金支付"
CARD_FROZEN = "支付方式：该老人的爱心卡已冻结（{reason}），不能用爱心卡支付"
CARD_SHORT = "支付方式：爱心卡余额不足（余额{balance}元，本餐个人支付{amount}元），未登记；可改为现金支付"
ALREADY_RECORDED = "餐次：该老人{date}的{meal}已于{site}登记（{price}元，{paid_with}），同一餐不能重复登记"

# ---- rates --------------------------------------------------------------------------------------
RATE_TIER_INVALID = "年龄段：应为60–79周岁（60）、80–89周岁（80）或90周岁及以上（90）"
RATE_AMOUNT_INVALID = "补贴标准：应为0到{max}之间的金额（元/餐），最多两位小数"
RATE_MONTH_INVALID = "起始月份：格式应为 YYYY-MM（例如 2025-01），月份在 1 到 12 之间：{value}"
RATE_EXISTS = (
    "起始月份：{region}该年龄段{month}起已有补贴标准（{amount}元/餐）；标准不覆盖，请填写新的起始月份"
)
RATE_NOTE_TOO_LONG = "依据：不能超过{max}个字"
REGION_INVALID = "适用区划：应为4、6、9或12位数字的区划代码前缀"
REGION_UNKNOWN = "适用区划：区划不存在：{code}"
REGION_OUT_OF_SCOPE = "适用区划：{code}不在您的管辖范围内"

# ---- counts -------------------------------------------------------------------------------------
YEAR_INVALID = "年度：应为2000–2100之间的四位数字"
MONTH_INVALID = "月份：格式应为 YYYY-MM（例如 2024-06），月份在 1 到 12 之间：{value}"

# ---- bulk ---------------------------------------------------------------------------------------
BULK_TABLE_INVALID = "暂存表名无效"
BULK_ROWS = "第 {ids} 行（老人编号/就餐日期/餐次）："

# ---- pages --------------------------------------------------------------------------------------
PAGE_RECORDED = (
    "已登记：{name}，{date}{meal}，餐费{price}元，补贴{subsidy}元，个人支付{share}元（{paid_with}）"
)
PAGE_ALREADY = "该餐已登记过，未重复记账"
PAGE_RATE_ADDED = "已录入助餐补贴标准"
BULK_REPEATED = "同一老人同一天同一餐次出现多次"
