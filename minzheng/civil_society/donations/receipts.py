"""A donation receipt (捐赠票据) as PDF: the fields of 慈善法 art. 38 (the donor, the property and its
quantity or amount, the receiving organization, the handler, the date) and the receipt number,
with a 作废 mark on a voided receipt. Rendered by weasyprint from the template
``civil_society/donations/receipt.html`` in the font Noto Sans CJK SC (Debian's fonts-noto-cjk).
weasyprint is imported here, inside the function, so that nothing else pays for loading it."""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string

from minzheng.civil_society.donations.models import Donation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
SECTIONS = ["", "万", "亿", "万亿"]


def amount_in_words(amount: Decimal) -> str:
    """The amount in the capital numerals of Chinese receipts (大写): 1,234.50 → 壹仟贰佰叁拾肆元伍角整."""
    fen_total = int((amount * 100).to_integral_value())
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    words = ""
    if yuan:
        groups: list[int] = []
        while yuan:
            groups.append(yuan % 10_000)
            yuan //= 10_000
        parts: list[str] = []
        zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                zero = True
                continue
            text = ""
            for pos in range(3, -1, -1):
                digit = group // 10**pos % 10
                if digit:
                    if zero and (text or parts):
                        text += "零"
                    text += DIGITS[digit] + UNITS[pos]
                    zero = False
                else:
                    zero = True
            parts.append(text + SECTIONS[index])
            zero = group % 10 == 0
        words = "".join(parts) + "元"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif fen and words:
        words += "零"
    if fen:
        words += DIGITS[fen] + "分"
    if not fen:
        words = (words or "零元") + "整"
    return words


def receipt_html(donation: Donation) -> str:
    return render_to_string(
        "civil_society/donations/receipt.html",
        {"d": donation, "words": amount_in_words(donation.amount)},
    )


def receipt_pdf(donation: Donation) -> bytes:
    import weasyprint  # lazy: only a receipt needs it

    return weasyprint.HTML(string=receipt_html(donation)).write_pdf()
