from django.urls import path

from minzheng.eldercare.caregivers import views

app_name = "caregivers"
urlpatterns = [
    path("", views.caregiver_list, name="list"),
    path("new/", views.caregiver_register, name="register"),
    path("<int:pk>/", views.caregiver_detail, name="detail"),
    path("<int:pk>/level/", views.caregiver_level, name="level"),
    path("<int:pk>/leave/", views.caregiver_leave, name="leave"),
    path("<int:pk>/awards/", views.caregiver_award, name="award"),
    path("allowance/", views.allowance_page, name="allowance"),
    path("indicator/", views.indicator, name="indicator"),
]
