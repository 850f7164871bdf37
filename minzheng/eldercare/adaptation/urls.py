from django.urls import path

from minzheng.eldercare.adaptation import views

app_name = "adaptation"
urlpatterns = [
    path("", views.applications, name="applications"),
    path("new/", views.submit, name="submit"),
    path("<int:pk>/", views.application, name="application"),
    path("catalogue/", views.catalogue, name="catalogue"),
]
