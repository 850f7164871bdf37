"""Every model of civil_society, defined in its sub-domain's ``models.py`` and imported here so
that the app label (``civil_society``) holds them all."""

from minzheng.civil_society.charity.models import AnnualAccounts, CharityRecognition, FundraisingQualification
from minzheng.civil_society.credit.models import CreditEntry
from minzheng.civil_society.donations.models import Campaign, Disbursement, Donation, ReceiptCounter
from minzheng.civil_society.dormancy.models import CleanupCase
from minzheng.civil_society.registry.models import ActivitySignal, AnnualReport, Organization
from minzheng.civil_society.trusts.models import CharitableTrust, TrusteeChange, TrustReport
from minzheng.civil_society.venture.models import OrgAward, VentureApplication, VentureReview, VentureRound

__all__ = [
    "ActivitySignal",
    "AnnualAccounts",
    "AnnualReport",
    "Campaign",
    "CharitableTrust",
    "CharityRecognition",
    "CleanupCase",
    "CreditEntry",
    "Disbursement",
    "Donation",
    "FundraisingQualification",
    "OrgAward",
    "Organization",
    "ReceiptCounter",
    "TrustReport",
    "TrusteeChange",
    "VentureApplication",
    "VentureReview",
    "VentureRound",
]
