"""QR codes of beds: what the code on a bed holds is ``<MINZHENG_PUBLIC_BASE_URL>/b/<code>``, the
bed's random code and nothing about the home, the room or who lies there. Drawn by segno with the
doorplates' settings (``places.doorplates.qr``: error level Q, a quiet zone of 4 modules), which
also survive a label wiped every day."""

from __future__ import annotations

from django.http import HttpRequest

from minzheng.places.doorplates.qr import public_base_url, qr_png, qr_svg

__all__ = ["public_url", "qr_png", "qr_svg"]


def public_url(code: str, request: HttpRequest | None = None) -> str:
    return f"{public_base_url(request)}/b/{code}"
