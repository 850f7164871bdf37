from django.urls import path

from minzheng.eldercare.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.assessment_find, name="find"),
    path("people/<int:pk>/", views.person_assessments, name="person"),
    path("people/<int:pk>/new/", views.assessment_new, name="new"),
    path("preview/", views.assessment_preview, name="preview"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/void/", views.assessment_void, name="void"),
]
