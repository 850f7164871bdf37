"""Messages shared by the whole funeral app (page titles, the not-found answer). Each sub-domain keeps
its own field messages in its ``messages.py``."""

NOT_FOUND = "未找到该记录"
