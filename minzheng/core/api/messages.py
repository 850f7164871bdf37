"""Chinese messages that only the API gives, as constants that tests reuse. Messages shared with
the pages live in ``minzheng.core.messages``."""

PARSE_ERROR = "请求内容不是有效的 JSON"
USERNAME_REQUIRED = "用户名不能为空"
PASSWORD_REQUIRED = "密码不能为空"
ID_REQUIRED = "请填写编号"
ID_INVALID = "编号应为正整数"

# Descriptions of the error answers in the OpenAPI document.
DOC_400 = "输入有误：按字段给出中文原因（字段名 → 原因列表）"
DOC_401 = "未登录或令牌无效"
DOC_403 = "没有执行此操作的权限"
DOC_404 = "记录不存在或不在您的管辖范围内；翻页游标无效时也返回 404"
DOC_LOCKED = "登录失败次数过多，账户已锁定"
CSRF_FAILED = "CSRF 校验失败：请刷新页面后重试，或改用令牌（Authorization: Token ...）"
TOKEN_EXPIRED = "令牌已过期，请重新获取（POST /api/auth/token/）"
PAGE_SIZE_INVALID = "每页条数 page_size 应为正整数（超过 {max} 按 {max} 计）"
USE_TRAILING_SLASH = "接口地址应以斜杠结尾：{location}"
BAD_REQUEST = "请求无效"
SERVER_ERROR = "服务器内部错误，请稍后重试或联系管理员"
INVALID_CURSOR = "分页参数 cursor 无效：请使用上一次返回的 next 或 previous 链接"
