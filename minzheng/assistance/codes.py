"""Codes shared by every part of assistance: disability kinds (GB/T 26341-2010, the digit each
takes in a certificate number), ability levels (GB/T 42195-2022) and the programs whose
enrollment makes a person low-income (低收入人口). Kept below every sub-domain, so that the pure
policies, the models and the pages all read one list."""

from __future__ import annotations

from django.db import models

# 老年人能力等级 (GB/T 42195-2022) are the assessment's own (eldercare, an app below this one):
# one list, so a level recorded by hand and a level assessed read the same.
from minzheng.eldercare.assessment.scoring import AbilityLevel

__all__ = ["GRADES", "KIND_DIGITS", "LOW_INCOME_PROGRAMS", "AbilityLevel", "AidKind", "DisabilityKind", "Supporters"]


class DisabilityKind(models.TextChoices):
    VISUAL = "visual", "视力"
    HEARING = "hearing", "听力"
    SPEECH = "speech", "言语"
    PHYSICAL = "physical", "肢体"
    INTELLECTUAL = "intellectual", "智力"
    MENTAL = "mental", "精神"
    MULTIPLE = "multiple", "多重"


# The 19th character of a second-generation certificate number (18-digit ID + kind + grade).
KIND_DIGITS = {"visual": "1", "hearing": "2", "speech": "3", "physical": "4", "intellectual": "5",
               "mental": "6", "multiple": "7"}
GRADES = (1, 2, 3, 4)




class AidKind(models.TextChoices):
    EMERGENCY = "emergency", "急难型"
    EXPENDITURE = "expenditure", "支出型"


class Supporters(models.TextChoices):
    """Tekun's third condition: 法定赡养、抚养、扶养义务人."""

    NONE = "none", "无法定义务人"
    UNABLE = "unable", "有义务人但无履行能力"
    ABLE = "able", "有义务人且有履行能力"


# Programs whose live enrollment makes a person low-income (a dibao or dibian household's
# members, a tekun person). Policies take the list from their params, with this as the default.
LOW_INCOME_PROGRAMS = ("dibao", "dibian", "tekun")
