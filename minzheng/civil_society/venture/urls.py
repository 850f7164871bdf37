from django.urls import path

from minzheng.civil_society.venture import views

app_name = "org_venture"
urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("awards/", views.award_list, name="awards"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/apply/", views.round_apply, name="apply"),
    path("<int:pk>/notice/", views.round_notice, name="notice"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/review/", views.application_review, name="review"),
    path("applications/<int:pk>/fund/", views.application_fund, name="fund"),
    path("applications/<int:pk>/outcome/", views.application_outcome, name="outcome"),
]
