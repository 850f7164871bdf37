from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/", include("minzheng.api_urls")),
    path("admin/", admin.site.urls),
    path("people/", include("minzheng.people.urls")),
    path("", include("minzheng.core.urls")),
    path("", include("minzheng.web.urls")),
]
