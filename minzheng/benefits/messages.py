"""Chinese messages of the benefits engine, as constants that tests reuse."""

# ---- policies (reasons of an assessment) --------------------------------------------------------
POLICY_NO_STANDARD = "该地区该月份没有适用的救助标准"
POLICY_NO_MEMBERS = "没有可计入的共同生活家庭成员"
POLICY_MEMBER_DECEASED = "{name}已故，不计入共同生活家庭成员"
DIBAO_INCOME_BELOW = "家庭人均月收入{income}元，低于低保标准{standard}元"
DIBAO_INCOME_NOT_BELOW = "家庭人均月收入{income}元，不低于低保标准{standard}元"
DIBAO_FLOOR_APPLIED = "补差低于每人每月{floor}元的保底金额，按保底金额发放"
DIBAO_AMOUNT = "共同生活家庭成员{members}人，每月补差{amount}元"
ASSET_DEPOSITS_OVER = "家庭人均存款{deposits}元，超过限额{limit}元（低保标准的{months}倍）"
ASSET_VEHICLES_OVER = "家庭拥有机动车{count}辆，超过限额{limit}辆"
ASSET_HOUSES_OVER = "家庭拥有住房{count}套，超过限额{limit}套"

# ---- programs and standards ---------------------------------------------------------------------
PROGRAM_REQUIRED = "请选择救助项目"
PROGRAM_UNKNOWN = "救助项目不存在：{code}"
PROGRAM_INACTIVE = "救助项目“{name}”已停用"
PROGRAM_NO_POLICY = "救助项目“{name}”尚未配置认定规则"
STANDARD_AMOUNT_REQUIRED = "标准金额不能为空"
STANDARD_AMOUNT_NEGATIVE = "标准金额不能为负数"
STANDARD_AMOUNT_TOO_LARGE = "标准金额不能超过{max}元"
STANDARD_AMOUNT_PLACES = "标准金额最多保留两位小数"
STANDARD_REGION_INVALID = "适用区划应为2到12位数字的区划代码前缀"
STANDARD_REGION_UNKNOWN = "适用区划不存在：{code}"
STANDARD_MONTH_INVALID = "起始月份应为每月1日"
STANDARD_EXISTS = "该项目在该区划已有{month}起的标准，标准只能新增，不能覆盖"
STANDARD_NOTE_TOO_LONG = "依据不能超过{max}个字"

# ---- applications -------------------------------------------------------------------------------
APPLICATION_BENEFICIARY_REQUIRED = "请填写申请对象"
APPLICATION_HOUSEHOLD_REQUIRED = "“{program}”按户申请，请填写家庭户编号"
APPLICATION_PERSON_REQUIRED = "“{program}”按人申请，请填写申请人身份证号码"
APPLICATION_HOUSEHOLD_UNKNOWN = "家庭户不存在或不在您的管辖范围内"
APPLICATION_PERSON_UNKNOWN = "人员不存在或不在您的管辖范围内"
APPLICATION_DECEASED = "申请对象已故，不能申请"
APPLICATION_NO_LIVING_MEMBER = "该家庭户没有在世成员，不能申请"
APPLICATION_OPEN_EXISTS = "该对象已有一件正在办理的“{program}”申请（编号{pk}）"
APPLICATION_ENROLLED_EXISTS = "该对象已在享受“{program}”，不能重复申请"
APPLICATION_CHANNEL_INVALID = "申请渠道应为乡镇受理或网上申请"
APPLICATION_REASON_TOO_LONG = "申请理由不能超过{max}个字"
APPLICATION_ILLEGAL_TRANSITION = "当前状态为“{status}”，不能{action}"
APPLICATION_NOT_COUNTY = "审批须由区县经办人办理"
APPLICATION_NOTICE_NOT_ENDED = "公示期至{date}结束，公示期满后方可审批"
APPLICATION_NOT_ELIGIBLE = "经济状况核对结论为不符合条件，不能批准：{reasons}"
APPLICATION_NO_CHECK = "尚未完成家庭经济状况核对"
APPLICATION_REFUSAL_REASON_REQUIRED = "不予批准须书面说明理由"
APPLICATION_OPINION_TOO_LONG = "意见不能超过{max}个字"
APPLICATION_OBJECTION_REQUIRED = "请填写异议内容"
APPLICATION_NOTICE_DATE_INVALID = "公示开始日期不能早于受理日期，也不能晚于今天"

ACTION_NAMES = {
    "check_started": "开始经济状况核对",
    "checked": "登记经济状况核对结果",
    "notice_started": "开始公示",
    "objected": "登记公示异议",
    "approved": "批准",
    "refused": "不予批准",
    "refusal_notified": "登记送达不予批准通知",
}

# ---- economic check -----------------------------------------------------------------------------
CHECK_MEMBERS_REQUIRED = "请至少填写一名家庭成员"
CHECK_INCOME_NEGATIVE = "收入不能为负数"
CHECK_INCOME_INVALID = "收入应为金额，最多两位小数"
CHECK_INCOME_TOO_LARGE = "收入不能超过{max}元"
CHECK_ASSET_NEGATIVE = "{field}不能为负数"
CHECK_MEMBER_NOT_IN_HOUSEHOLD = "第{n}名成员不是该家庭户的成员"
CHECK_MEMBER_DUPLICATE = "第{n}名成员重复填写"
CHECK_NAME_REQUIRED = "第{n}名成员未填写姓名"
CHECK_RELATIONSHIP_INVALID = "第{n}名成员的关系无效"
NOT_COUNTED_DECEASED = "已故"
NOT_COUNTED_NOT_LIVING_TOGETHER = "未长期共同生活"
NOT_COUNTED_ADULT_INDEPENDENT = "成年且能独立生活的子女"
NOT_COUNTED_NO_DUTY = "无法定赡养、扶养或抚养义务"

# ---- enrollments and reviews --------------------------------------------------------------------
ENROLLMENT_DECEASED = "对象已故，不能纳入保障"
ENROLLMENT_NO_LIVING_MEMBER = "该家庭户没有在世成员，不能纳入保障"
ENROLLMENT_EXISTS = "该对象已在享受“{program}”（编号{pk}），同一项目只能有一条有效待遇"
ENROLLMENT_AMOUNT_NEGATIVE = "月发放金额不能为负数"
ENROLLMENT_ONE_OFF = "一次性救助：随批准次月的发放批次发放一次"
ENROLLMENT_NOT_ACTIVE = "待遇状态为“{status}”，不能{action}"
ENROLLMENT_REASON_REQUIRED = "请填写原因"
ENROLLMENT_MONTH_INVALID = "月份应为每月1日，且不早于待遇起始月份"
REVIEW_OUTCOME_INVALID = "复核结论无效"
REVIEW_AMOUNT_REQUIRED = "变更金额时须填写新的月发放金额"
REVIEW_AMOUNT_SAME = "新的月发放金额与原金额相同"
REVIEW_REASON_REQUIRED = "停发或终止须填写原因"
DEATH_REASON = "对象死亡（{date}）"
DEATH_HOUSEHOLD_REVIEW = "家庭成员死亡，需复核"
