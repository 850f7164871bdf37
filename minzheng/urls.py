from django.contrib import admin
from django.urls import include, path

handler404 = "minzheng.core.api.errors.handler404"

urlpatterns = [
    path("api/", include("minzheng.api_urls")),
    path("api/", include("minzheng.places.api_urls")),
    path("admin/", admin.site.urls),
    path("people/io/", include("minzheng.people.urls_io")),
    path("people/", include("minzheng.people.urls")),
    path("places/addresses/", include("minzheng.places.urls_addresses")),
    path("places/match/", include("minzheng.places.matching.urls")),
    path("places/doorplates/", include("minzheng.places.urls_doorplates")),
    path("places/names/", include("minzheng.places.urls_placenames")),
    path("d/", include("minzheng.places.urls_public")),
    path("", include("minzheng.core.urls")),
    path("", include("minzheng.web.urls")),
]
