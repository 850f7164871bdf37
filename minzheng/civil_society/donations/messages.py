"""Chinese messages of campaigns, the donation ledger, receipts and disbursements, as constants
that tests reuse. Each names the field and the reason."""

CAMPAIGN_NAME_REQUIRED = "募捐活动名称：请填写名称（不超过100字）"
CAMPAIGN_KIND_INVALID = "类型：应为公开募捐、全市性募捐活动或定向募捐"
CAMPAIGN_CHANNEL_INVALID = "募捐方式：请从列表中选择"
CAMPAIGN_PURPOSE_REQUIRED = "募得款物用途：请填写用途（不超过200字）"
CAMPAIGN_ENDS_BEFORE = "结束日期：不能早于开始日期"
CAMPAIGN_NEEDS_QUALIFICATION = "社会组织：开展公开募捐须取得公开募捐资格，该组织在备案日尚未取得"
CAMPAIGN_FILED_LATE = (
    "方案备案日期：募捐方案须在开始前7日备案（最迟{date}）；重大突发事件应急募捐可在开始后10日内补办备案"
)
CAMPAIGN_EMERGENCY_LATE = "方案备案日期：应急募捐须在开始后10日内备案（最迟{date}）"
CAMPAIGN_EXISTS = "募捐活动名称：该组织同日开始的同名募捐活动已备案"

DONOR_KIND_INVALID = "捐赠人类型：应为个人、社会组织、单位或匿名"
DONOR_ID_UNKNOWN = "捐赠人身份证号：人口库中没有该身份证号的人员"
DONOR_ORG_REQUIRED = "捐赠人（社会组织）：请选择捐赠的社会组织"
DONOR_ORG_SELF = "捐赠人（社会组织）：不能是受赠组织本身"
DONOR_NAME_REQUIRED = "捐赠人：请填写捐赠单位名称（不超过100字）"
PROPERTY_KIND_INVALID = "财产种类：应为货币、物资、有价证券或其他财产"
DESCRIPTION_REQUIRED = "财产名称及数量：非货币捐赠须写明财产名称及数量"
HANDLER_REQUIRED = "经手人：请填写经手人姓名（不超过50字）"
CAMPAIGN_OTHER_ORG = "募捐活动：该募捐活动不属于受赠组织"
CAMPAIGN_OUTSIDE = "捐赠日期：不在募捐活动期间（{start}至{end}）"
NOT_CHARITY_ON = "社会组织：该组织在{date}不是慈善组织"
RECEIPT_NONE = "票据：该捐赠人不要求开具票据，没有票据号"
RECEIPT_VOIDED = "票据：票据{number}已于{date}作废"
VOID_REASON_REQUIRED = "作废原因：请填写作废原因"

PURPOSE_INVALID = "民生领域：请从列表中选择"
PROJECT_REF_REQUIRED = "项目编号：请填写救助项目或一户一策计划事项的编号（不超过100字）"
NOTE_TOO_LONG = "说明：不超过200字"
