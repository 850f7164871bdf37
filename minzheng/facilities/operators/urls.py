from django.urls import path

from minzheng.facilities.operators import views

app_name = "facility_operators"
urlpatterns = [
    path("", views.operator_list, name="list"),
    path("new/", views.operator_create, name="create"),
    path("<int:pk>/", views.operator_detail, name="detail"),
    path("<int:pk>/edit/", views.operator_edit, name="edit"),
    path("<int:pk>/accounts/new/", views.account_create, name="account_create"),
    path("<int:pk>/accounts/add/", views.member_add, name="member_add"),
    path("<int:pk>/accounts/<int:member>/remove/", views.member_remove, name="member_remove"),
]
