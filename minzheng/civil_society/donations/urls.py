from django.urls import path

from minzheng.civil_society.donations import views

app_name = "charity_donations"
urlpatterns = [
    path("", views.donation_list, name="list"),
    path("new/", views.donation_new, name="new"),
    path("<int:pk>/receipt.pdf", views.donation_receipt, name="receipt"),
    path("<int:pk>/void/", views.donation_void, name="void"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("disbursements/", views.disbursement_list, name="disbursements"),
    path("disbursements/new/", views.disbursement_new, name="disbursement_new"),
]
