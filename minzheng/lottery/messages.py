"""Chinese messages of the welfare lottery (福利彩票), as constants that tests reuse. Each names the
field and the reason."""

# ---- the fund and its rates ---------------------------------------------------------------------
MONTH_INVALID = "月份：格式应为 YYYY-MM，如 2024-05"
MONTH_REQUIRED = "月份：请填写月份（YYYY-MM）"
MONTH_NO_RATE = "月份：{month}没有在用的公益金提取比例（{game}）"
SALES_REQUIRED = '销量：请按游戏类型填写销量，如 {"ssq": "123.45"}'
SALES_NOT_OBJECT = "销量：应为“游戏类型代码: 金额”的对象"
GAME_UNKNOWN = "游戏类型：未知的游戏类型“{code}”，可选：{choices}"
AMOUNT_INVALID = "销量：{game}的金额“{value}”不是有效的数字"
AMOUNT_NEGATIVE = "销量：{game}的金额不能为负数"
AMOUNT_FRACTION = "销量：{game}的金额最多两位小数（到分）"
AMOUNT_TOO_BIG = "销量：{game}的金额过大"
RATE_INVALID = "提取比例：应为 0 到 1 之间的小数，如 0.36"
RATE_FROM_INVALID = "起始月份：格式应为 YYYY-MM"
RATE_EXISTS = "起始月份：{game}自{month}起已有比例 {rate}，比例只增不改，请选择新的起始月份"

# ---- stations -----------------------------------------------------------------------------------
STATION_NOT_LOTTERY = "站点：该设施不是福利彩票销售站点"
STATION_CLOSED = "站点：该站点已于{date}关闭"
STATION_NO_POSITION = "站点：站点没有坐标，无法核查与学校的距离，请先补充坐标或标准地址"
SCHOOL_TOO_CLOSE = "位置：距{school}仅{distance:.0f}米，不足{limit}米（彩票销售站点须距学校{limit}米以上）"
CONTRACT_NUMBER_REQUIRED = "合同编号：请填写合同编号（1–40位字母、数字或“-”）"
CONTRACT_NUMBER_TAKEN = "合同编号：该编号已被使用（{station}）"
TERMINAL_REQUIRED = "终端编号：请填写终端编号（4–20位数字）"
TERMINAL_TAKEN = (
    "终端编号：终端{terminal}已属于合同{contract}（{station}），终端不得转让，新代销者须使用新终端"
)
AGENT_NAME_REQUIRED = "代销者姓名：请填写代销者姓名（最多50字）"
AGENT_ID_INVALID = "代销者身份证号：{reason}"
DATE_REQUIRED = "{field}：请填写日期"
DATE_INVALID = "{field}：格式应为 YYYY-MM-DD"
DATE_FUTURE = "{field}：不能晚于今天"
VALID_TO_BEFORE = "合同截止日期：不能早于合同起始日期"
SIGNED_AFTER_FROM = "签订日期：不能晚于合同起始日期"
FROM_BEFORE_CURRENT = "合同起始日期：不能早于现有合同（{contract}）的起始日期{date}"
UPGRADE_KIND_INVALID = "改造类型：应为{choices}之一"
UPGRADE_BEFORE_OPEN = "改造日期：不能早于站点开业日期{date}"
NOTE_TOO_LONG = "{field}：最多{max}字"
CLOSE_REASON_REQUIRED = "关闭原因：请填写关闭原因（最多200字）"
CLOSE_BEFORE_OPEN = "关闭日期：不能早于站点开业日期{date}"
STATION_NAME_REQUIRED = "站点名称：请填写站点名称"

# ---- sales import -------------------------------------------------------------------------------
ROW_MONTH_INVALID = "月份“{value}”格式不对，应为 YYYY-MM，如 2024-05"
ROW_MONTH_FUTURE = "月份{value}尚未结束，只能导入已结束月份的销量"
ROW_STATION_UNKNOWN = "站点“{value}”不存在或不在您的辖区：请填写终端编号或设施编号"
ROW_GAME_UNKNOWN = "游戏类型“{value}”未知，可选：{choices}"
ROW_AMOUNT_INVALID = "销量“{value}”不是有效的金额"
ROW_AMOUNT_NEGATIVE = "销量不能为负数：{value}"
ROW_AMOUNT_FRACTION = "销量“{value}”最多两位小数（到分）"
ROW_DUPLICATE = "与第{row}行重复：同一月份、站点、游戏类型只能有一行"
ROW_REQUIRED = "“{column}”为空"
IMPORT_HAS_ERRORS = "文件中有{count}行有错误，未导入任何数据；请改正后重新上传"
IMPORT_FILE_REQUIRED = "文件：请选择 .xlsx 或 .csv 文件"

# ---- promotion ----------------------------------------------------------------------------------
TITLE_REQUIRED = "活动名称：请填写活动名称（最多100字）"
PLACE_REQUIRED = "活动地点：请填写活动地点（最多100字）"
PARTICIPANTS_INVALID = "参与人数：应为 0 到 1000000 之间的整数"
REGION_INVALID = "所属区划：请选择您辖区内的区划"

# ---- pages --------------------------------------------------------------------------------------
PAGE_CONTRACT_SIGNED = "已签订代销合同 {number}（终端 {terminal}）"
PAGE_UPGRADED = "已登记升级改造：{kind}（{date}）"
PAGE_CLOSED = "站点已关闭（{date}）"
PAGE_IMPORTED = "已导入 {rows} 行销量：新增 {created} 行，替换 {replaced} 行"
PAGE_RATE_ADDED = "已添加公益金提取比例"
PAGE_EVENT_ADDED = "已登记公益推广活动：{title}"
PAGE_STATION_OPENED = "已开设站点：{name}"
