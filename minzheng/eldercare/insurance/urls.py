from django.urls import path

from minzheng.eldercare.insurance import views

app_name = "insurance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("claims/", views.claims, name="claims"),
    path("claims/new/", views.claim_add, name="claim_add"),
    path("claims/<int:pk>/", views.claim, name="claim"),
    path("policies/new/", views.policy_add, name="policy_add"),
]
