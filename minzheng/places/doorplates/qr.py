"""QR codes for digital doorplates (segno).

A plate's QR code holds the absolute public URL ``<MINZHENG_PUBLIC_BASE_URL>/d/<token>``: the
random token, never the address code, so nobody can walk the address list by guessing URLs.
The error-correction level is Q (25% of the symbol may be lost): plates hang outdoors for years
and get scratched, dirty and faded.
"""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.http import HttpRequest

ERROR_LEVEL = "q"
BORDER = 4  # the quiet zone the QR standard asks for, in modules


def public_base_url(request: HttpRequest | None = None) -> str:
    """The public site's origin: the setting, or (when it is set empty) the request's host."""
    base = getattr(settings, "MINZHENG_PUBLIC_BASE_URL", "")
    if base:
        return base.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return ""


def public_url(token: str, request: HttpRequest | None = None) -> str:
    """What a plate's QR code says: ``https://<host>/d/<token>``. No trailing slash: every
    character makes the symbol denser and harder to scan from a distance."""
    return f"{public_base_url(request)}/d/{token}"


def _symbol(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=True)


def qr_svg(url: str, *, scale: int = 8, title: str = "") -> bytes:
    """An SVG for printing: vector, so it stays sharp at any plate size."""
    buf = io.BytesIO()
    _symbol(url).save(buf, kind="svg", scale=scale, border=BORDER, xmldecl=True, title=title or None,
                      dark="#000", light="#fff")
    return buf.getvalue()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A PNG, for print shops and office software that cannot place an SVG."""
    buf = io.BytesIO()
    _symbol(url).save(buf, kind="png", scale=scale, border=BORDER, dark="#000", light="#fff")
    return buf.getvalue()
