from django.urls import path

from minzheng.assistance.disability import views

app_name = "disability"
urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("people/<int:pk>/", views.person_certificates, name="person"),
    path("<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
]
