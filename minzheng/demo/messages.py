"""Chinese messages of the demo command, as constants that tests reuse."""

NOT_DEBUG = (
    "演示数据只能在演示环境中生成：请设置 MINZHENG_DEBUG=true。"
    "生产数据库中不能混入虚构的人口。"
)
SCALE_OUT_OF_RANGE = "--scale 应大于 0 且不超过 1.0（1.0 即湖州全市 340 万人），实际为 {scale}"
OTHER_DEMO_PRESENT = (
    "数据库中已有其他种子或规模生成的人口数据（{townships} 等 {count} 个乡镇街道）{last}。"
    "要按 --seed {seed} --scale {scale} 重新生成，请加 --reset（将先清空全部人员、家庭户和家庭成员）。"
)
LAST_BUILD = "，上次生成参数为 --seed {seed} --scale {scale}"
CHANGED_GENERATOR = (
    "数据库中的演示人口与按 --seed {seed} --scale {scale} 生成的不一致（{townships} 等 {count} 个乡镇街道）："
    "它们可能由旧版本的生成程序生成，或字段密钥（MINZHENG_FIELD_KEY）已经更换。"
    "请加 --reset 重新生成（将先清空全部人员、家庭户和家庭成员）。"
)
RESET_BLOCKED = "无法清空人口数据：其他业务记录仍引用这些人员或家庭户（{error}）。"
ALREADY_BUILT = "演示数据已存在（--seed {seed} --scale {scale}），未重复生成。"
HOUSED = (
    "家庭户均住在本村（社区）的标准地址：已关联 {linked:,} 户（{rate:.2f}%），居民 {persons:,} 人；"
    "另有 {unlinked:,} 户待后台匹配、{unknown:,} 户住址不规范，留待人工关联。"
)
LINKING_QUEUED = "已排队：把尚未关联的 {count:,} 户的住址匹配到标准地址（后台任务，随服务启动的后台进程会完成它）。"
ASSISTANCE_BUILT = (
    "已生成社会救助：低保 {dibao_enrollments:,} 户，特困 {tekun_enrollments:,} 人，低保边缘 {dibian_enrollments:,} 户，"
    "临时救助 {temporary_aid_enrollments:,} 人次（其中 {applications:,} 件有完整申请记录）；"
    "2024 年发放批次 {payment_runs:,} 个，明细 {payment_lines:,} 笔（用时：纳入 {seconds_enroll} 秒，发放 {seconds_pay} 秒）。"
)
ANALYZED = "已更新数据库的查询统计信息（ANALYZE），用时 {seconds:.1f} 秒。"
