from django.urls import path

from minzheng.funeral.deaths import views

app_name = "funeral_deaths"
urlpatterns = [
    path("", views.registration_list, name="list"),
    path("new/", views.registration_new, name="new"),
    path("<int:pk>/", views.registration_detail, name="detail"),
    path("<int:pk>/revoke/", views.registration_revoke, name="revoke"),
    path("<int:pk>/family-code/", views.family_code_renew, name="family_code"),
]
