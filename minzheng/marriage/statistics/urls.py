from django.urls import path

from minzheng.marriage.statistics import views

app_name = "marriage_statistics"
urlpatterns = [path("", views.page, name="page")]
