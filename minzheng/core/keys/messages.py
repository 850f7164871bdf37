"""What ``minzheng keys`` tells the operator (no value of any sealed field, ever)."""

REFUSED_NO_PREVIOUS = (
    "无法开始轮换：{table}.{field} 中有数据由密钥 {kid} 加密，而未设置 MINZHENG_FIELD_KEY_PREVIOUS，"
    "当前密钥 {current} 无法解密这些数据。请把旧密钥写入 MINZHENG_FIELD_KEY_PREVIOUS（多个用英文逗号分隔），"
    "重启服务和后台任务后再运行 minzheng keys rotate。"
)
REFUSED_UNKNOWN = (
    "无法开始轮换：{table}.{field} 中有数据由密钥 {kid} 加密，它既不是当前密钥 {current}，"
    "也不在 MINZHENG_FIELD_KEY_PREVIOUS（{previous}）中。请把该密钥加入 MINZHENG_FIELD_KEY_PREVIOUS 后重试。"
)
UNREADABLE_ROW = (
    "轮换中止：{table}.{field} 第 {pk} 行（主键）无法解密（用途 {purpose}）：{reason}。"
    "此前各批已提交，修正后重新运行即从中断处继续。"
)
LEGACY = "v1（无密钥标识）"
COMPLETE = "rotation complete: remove MINZHENG_FIELD_KEY_PREVIOUS（轮换完成：全部数据已由密钥 {kid} 加密，请删除 MINZHENG_FIELD_KEY_PREVIOUS 并重启服务，然后备份数据库）"
COMPLETE_NO_PREVIOUS = "全部数据已由当前密钥 {kid} 加密，无需轮换。"
LEFT = (
    "仍有 {rows} 行由旧密钥加密：可能有服务或后台任务仍以旧密钥运行并写入。"
    "请确认全部进程已用新密钥重启，再次运行 minzheng keys rotate。"
)
DIGEST_ONLY = (
    "{label}：只存索引、不存明文，无法重建；旧密钥下发放的查询码在删除 MINZHENG_FIELD_KEY_PREVIOUS 后失效，需重新发放"
)
