from django.urls import path

from minzheng.children.allowances import views

app_name = "child_allowances"
urlpatterns = [
    path("", views.allowance_page, name="page"),
]
