from django.urls import path

from minzheng.eldercare.meals import views

app_name = "meals"
urlpatterns = [
    path("", views.counts, name="counts"),
    path("record/", views.record, name="record"),
    path("sites/<int:pk>/", views.site_month, name="site"),
    path("rates/", views.rates, name="rates"),
]
