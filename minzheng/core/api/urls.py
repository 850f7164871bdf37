from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from minzheng.core.api.audit import AccessLogListApi, AuditListApi
from minzheng.core.api.auth import TokenObtainApi
from minzheng.core.api.docs import SwaggerDocsView
from minzheng.core.api.geo import GeoConvertApi
from minzheng.core.api.regions import RegionDetailApi, RegionListApi

# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerDocsView.as_view(), name="docs"),
    path("auth/token/", TokenObtainApi.as_view(), name="token"),
    path("regions/", RegionListApi.as_view(), name="regions"),
    path("regions/<str:code>/", RegionDetailApi.as_view(), name="region"),
    path("audit/", AuditListApi.as_view(), name="audit"),
    path("audit/access/", AccessLogListApi.as_view(), name="access-log"),
    path("geo/convert/", GeoConvertApi.as_view(), name="geo-convert"),
]
