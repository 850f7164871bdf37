from django.urls import path

from minzheng.civil_society.credit import views

app_name = "org_credit"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("enter/", views.entry_enter, name="enter"),
    path("apply/", views.lists_apply, name="apply"),
    path("<int:pk>/remove/", views.entry_remove, name="remove"),
]
