from django.urls import path

from minzheng.disability.records import views

app_name = "rehab_records"
urlpatterns = [
    path("patients/<int:pk>/", views.patient_record, name="patient"),
    path("patients/<int:pk>/services/", views.service_new, name="new"),
    path("services/", views.service_list, name="list"),
    path("services/export/", views.service_export, name="export"),
]
