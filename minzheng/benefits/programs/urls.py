from django.urls import path

from minzheng.benefits.programs import views

app_name = "benefit_programs"
urlpatterns = [
    path("", views.program_admin, name="admin"),
]
