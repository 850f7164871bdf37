from django.urls import path

from minzheng.civil_society.dormancy import views

app_name = "org_dormancy"
urlpatterns = [
    path("", views.candidates, name="candidates"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_file, name="file"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/notice/", views.case_notice, name="notice"),
    path("cases/<int:pk>/decide/", views.case_decide, name="decide"),
    path("cases/<int:pk>/rectified/", views.case_rectified, name="rectified"),
]
