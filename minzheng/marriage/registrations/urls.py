from django.urls import path

from minzheng.marriage.registrations import views

app_name = "marriage_registrations"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("records/", views.records, name="records"),
    path("records/<int:pk>/", views.record, name="record"),
    path("records/<int:pk>/divorce/", views.divorce_apply, name="divorce_apply"),
    path("records/<int:pk>/court/", views.court_mark, name="court_mark"),
    path("divorces/", views.divorces, name="divorces"),
    path("divorces/<int:pk>/withdraw/", views.divorce_withdraw, name="divorce_withdraw"),
    path("divorces/<int:pk>/register/", views.divorce_register, name="divorce_register"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
    path("certificates/<int:pk>/replace/", views.certificate_replace, name="certificate_replace"),
]
