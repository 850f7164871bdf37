"""QR codes of plots: what the code on a plot holds is
``<MINZHENG_PUBLIC_BASE_URL>/funeral/cemeteries/q/<code>``, the plot's random code and nothing
about who bought it or who lies there. Drawn by segno with the doorplates' settings (error level Q,
a quiet zone of 4 modules), which survive a plate outdoors for years."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from minzheng.places.doorplates.qr import public_base_url, qr_png, qr_svg

__all__ = ["public_url", "qr_png", "qr_svg"]


def public_url(code: str, request: HttpRequest | None = None) -> str:
    return f"{public_base_url(request)}{reverse('funeral_cemetery:public', args=[code])}"
