from django.urls import path

from minzheng.civil_society.trusts import views

app_name = "charity_trusts"
urlpatterns = [
    path("", views.trust_list, name="list"),
    path("new/", views.trust_new, name="new"),
    path("<int:pk>/", views.trust_detail, name="detail"),
    path("<int:pk>/trustee/", views.trust_change, name="change"),
    path("<int:pk>/reports/", views.trust_report, name="report"),
]
