"""Every API route, under /api/. Each app keeps its own routes next to its views."""

from django.urls import include, path

app_name = "api"
urlpatterns = [
    path("", include("minzheng.core.api.urls")),
    path("", include("minzheng.people.api.urls")),
    path("", include("minzheng.facilities.operators.api")),
    path("", include("minzheng.facilities.poi.api")),
    path("", include("minzheng.facilities.sites.api")),
    path("", include("minzheng.facilities.nearest.api")),
    path("", include("minzheng.assistance.assess.api")),
    path("", include("minzheng.assistance.low_income.api")),
    path("", include("minzheng.eldercare.assessment.api")),
    path("", include("minzheng.eldercare.beds.api")),
    path("", include("minzheng.eldercare.love_cards.api")),
    path("", include("minzheng.eldercare.meals.api")),
    path("", include("minzheng.eldercare.home_services.api")),
    path("", include("minzheng.eldercare.home_beds.api")),
    path("", include("minzheng.eldercare.caregivers.api")),
    path("", include("minzheng.eldercare.insurance.api")),
    path("", include("minzheng.eldercare.adaptation.api")),
    path("", include("minzheng.eldercare.figures.api")),
    path("", include("minzheng.children.categories.api")),
    path("", include("minzheng.children.figures.api")),
    path("", include("minzheng.lottery.api")),
    path("", include("minzheng.disability.figures.api")),
    path("", include("minzheng.civil_society.charity.api")),
    path("", include("minzheng.civil_society.registry.api")),
    path("", include("minzheng.civil_society.figures.api")),
]
