from django.urls import path

from minzheng.benefits.enrollments import views

app_name = "benefit_enrollments"
urlpatterns = [
    path("reviews/", views.review_due, name="reviews"),
    path("<int:pk>/", views.enrollment_detail, name="detail"),
]
