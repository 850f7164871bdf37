from django.urls import path

from minzheng.disability.patients import views

app_name = "rehab_patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("export/", views.patient_export, name="export"),
    path("new/", views.patient_register, name="register"),
    path("<int:pk>/consent/", views.patient_consent, name="consent"),
    path("<int:pk>/end/", views.patient_end, name="end"),
]
