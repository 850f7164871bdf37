from django.urls import path

from minzheng.benefits.applications import views

app_name = "benefit_applications"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("approvals/", views.approvals, name="approvals"),
    path("new/", views.submit, name="submit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/check/", views.economic_check, name="check"),
    path("<int:pk>/<str:verb>/", views.act, name="act"),
    path("households/<int:pk>/", views.household_history, name="household"),
]
