"""What ``minzheng backup`` and ``minzheng restore`` say: the operator reads them, the tests reuse them."""

ARCHIVE_DIR_NOT_EMPTY = "备份目录已存在且不为空：{path}。请指定一个新的或空的目录，已有的备份不会被覆盖"
ARCHIVE_DIR_NOT_A_DIR = "备份位置不是目录：{path}"
BACKEND_UNSUPPORTED = "不支持备份或恢复此类数据库：{vendor}（只支持 PostgreSQL 和 SQLite）"
PG_TOOL_MISSING = "找不到 PostgreSQL 工具 {tool}：请安装与服务器同版本的 postgresql-client"
PG_DUMP_FAILED = "pg_dump 失败（退出码 {code}）：{detail}"
PG_RESTORE_FAILED = "pg_restore 失败（退出码 {code}），目标数据库可能只恢复了一部分，请清空后重试：{detail}"

MANIFEST_MISSING = "备份目录中没有清单文件 {name}：{path} 不是完整的备份（可能写到一半就中断了）"
MANIFEST_UNREADABLE = "清单文件 {name} 无法读取：{reason}"
MANIFEST_FORMAT_UNKNOWN = "清单文件 {name} 的格式版本 {version} 不受支持（本程序支持 {supported}）"
ARCHIVE_FILE_MISSING = "备份文件缺失：{name}（清单中有，目录中没有）"
ARCHIVE_FILE_SIZE_MISMATCH = "备份文件大小不符：{name}，清单记为 {expected} 字节，实际 {actual} 字节"
ARCHIVE_FILE_CHECKSUM_MISMATCH = "备份文件校验和不符：{name}（SHA-256 与清单不一致，文件已损坏或被改动）"
ARCHIVE_BACKEND_MISMATCH = "备份来自 {archive} 数据库，不能恢复到 {target} 数据库"

TARGET_NOT_EMPTY = "目标数据库不是空的：表 {table} 已存在（{rows} 行）。只能恢复到空数据库，请新建一个"
TARGET_FILE_NOT_EMPTY = "目标数据库文件已存在且不为空：{path}。只能恢复到不存在的或空的文件"
TARGET_WAL_PRESENT = "目标数据库文件旁有残留的预写日志 {path}，请先删除"

COUNTS_MISMATCH = "恢复后的行数与清单不符：{tables}"
COUNTS_MISMATCH_ITEM = "{table} 清单 {expected} 行，恢复后 {actual} 行"
KEY_FINGERPRINT_MISMATCH = (
    "警告：备份加密字段所用密钥的指纹为 {archive}，当前配置的字段密钥指纹为 {configured}。"
    "身份证号、手机号、银行账号将无法解密：请配置与此备份一起保管的字段密钥（MINZHENG_FIELD_KEY）"
)

BACKUP_DONE = "备份完成：{path}（{backend}，{tables} 张表，{rows} 行，{size}，用时 {seconds:.1f} 秒）"
BACKUP_KEY_NOTE = "字段密钥不在备份中（指纹 {fingerprint}）：请另行保管，没有它无法解密身份证号等个人信息"
RESTORE_VERIFIED = "校验通过：{files} 个文件的 SHA-256 与清单一致"
RESTORE_DONE = "恢复完成：{tables} 张表，{rows} 行，与清单一致（用时 {seconds:.1f} 秒）"
