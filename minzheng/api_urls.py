"""Every API route, under /api/. Each app keeps its own routes next to its views."""

from django.urls import include, path, re_path

from minzheng.core.api.errors import not_found

app_name = "api"
urlpatterns = [
    path("", include("minzheng.core.api.urls")),
    path("", include("minzheng.people.api.urls")),
    # Last: a path under these resources that matches no route (/api/people/abc/) answers JSON,
    # not Django's HTML page. Only paths ending in "/", so that APPEND_SLASH still redirects
    # /api/people to /api/people/; other apps mount their own routes under /api/ after this.
    re_path(r"^(?:auth|regions|audit|geo|people|households)/[\s\S]*/$", not_found, name="not-found"),
]
