from django.urls import path

from minzheng.civil_society.charity import views

app_name = "charity"
urlpatterns = [
    path("", views.charity_list, name="list"),
    path("recognitions/", views.recognition_list, name="recognitions"),
    path("recognitions/new/", views.recognition_new, name="recognition_new"),
    path("recognitions/<int:pk>/", views.recognition_detail, name="recognition"),
    path("recognitions/<int:pk>/withdraw/", views.recognition_withdraw, name="recognition_withdraw"),
    path("qualifications/", views.qualification_list, name="qualifications"),
    path("qualifications/new/", views.qualification_new, name="qualification_new"),
    path("qualifications/<int:pk>/", views.qualification_detail, name="qualification"),
    path("spending/", views.spending, name="spending"),
    path("spending/accounts/new/", views.accounts_new, name="accounts_new"),
]
