from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from minzheng.eldercare.beds.urls import public_urlpatterns as bed_public_urlpatterns
from minzheng.places.doorplates.urls import public_urlpatterns

handler400 = "minzheng.operations.logs.errors.handler400"
handler403 = "minzheng.operations.logs.errors.handler403"
handler404 = "minzheng.core.api.errors.handler404"
handler500 = "minzheng.operations.logs.errors.handler500"

urlpatterns = [
    path("api/", include("minzheng.api_urls")),
    path("api/", include("minzheng.places.addresses.api")),
    path("api/", include("minzheng.places.matching.api")),
    path("api/", include("minzheng.places.doorplates.api")),
    path("api/", include("minzheng.places.names.api")),
    path("api/", include("minzheng.benefits.applications.api")),
    path("api/", include("minzheng.benefits.enrollments.api")),
    path("api/", include("minzheng.benefits.payments.api")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that name no icon (and some ask anyway).
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("people/io/", include("minzheng.people.urls_io")),
    path("people/", include("minzheng.people.urls")),
    path("places/addresses/", include("minzheng.places.addresses.urls")),
    path("places/match/", include("minzheng.places.matching.urls")),
    path("places/doorplates/", include("minzheng.places.doorplates.urls")),
    path("places/names/", include("minzheng.places.names.urls")),
    path("facilities/operators/", include("minzheng.facilities.operators.urls")),
    path("facilities/poi/", include("minzheng.facilities.poi.urls")),
    # Public, no sign-in: 找助餐点, the nearest open meal sites to an address or a phone's location.
    path("meal-sites/", include("minzheng.facilities.finder.urls")),
    path("facilities/", include("minzheng.facilities.sites.urls")),
    path("benefits/programs/", include("minzheng.benefits.programs.urls")),
    path("benefits/enrollments/", include("minzheng.benefits.enrollments.urls")),
    path("benefits/applications/", include("minzheng.benefits.applications.urls")),
    path("benefits/payments/", include("minzheng.benefits.payments.urls")),
    path("d/", include((public_urlpatterns, "public"))),
    path("b/", include((bed_public_urlpatterns, "bed_public"))),
    path("self-check/", include("minzheng.assistance.assess.urls")),
    path("assistance/disability/", include("minzheng.assistance.disability.urls")),
    path("assistance/figures/", include("minzheng.assistance.low_income.urls")),
    path("eldercare/assessments/", include("minzheng.eldercare.assessment.urls")),
    path("eldercare/beds/", include("minzheng.eldercare.beds.urls")),
    path("eldercare/love-cards/", include("minzheng.eldercare.love_cards.urls")),
    path("eldercare/meals/", include("minzheng.eldercare.meals.urls")),
    path("eldercare/home-services/", include("minzheng.eldercare.home_services.urls")),
    path("eldercare/home-beds/", include("minzheng.eldercare.home_beds.urls")),
    path("eldercare/caregivers/", include("minzheng.eldercare.caregivers.urls")),
    path("eldercare/insurance/", include("minzheng.eldercare.insurance.urls")),
    path("eldercare/adaptation/", include("minzheng.eldercare.adaptation.urls")),
    path("eldercare/figures/", include("minzheng.eldercare.figures.urls")),
    path("children/profiles/", include("minzheng.children.profiles.urls")),
    path("children/visits/", include("minzheng.children.visits.urls")),
    path("children/directors/", include("minzheng.children.directors.urls")),
    path("children/allowances/", include("minzheng.children.allowances.urls")),
    path("children/figures/", include("minzheng.children.figures.urls")),
    path("lottery/", include("minzheng.lottery.urls")),
    path("disability/network/", include("minzheng.disability.network.urls")),
    path("disability/patients/", include("minzheng.disability.patients.urls")),
    path("disability/reviews/", include("minzheng.disability.reviews.urls")),
    path("disability/", include("minzheng.disability.records.urls")),
    path("disability/", include("minzheng.disability.figures.urls")),
    path("civil-society/organizations/", include("minzheng.civil_society.registry.urls")),
    path("civil-society/credit/", include("minzheng.civil_society.credit.urls")),
    path("civil-society/dormancy/", include("minzheng.civil_society.dormancy.urls")),
    path("civil-society/venture/", include("minzheng.civil_society.venture.urls")),
    path("civil-society/figures/", include("minzheng.civil_society.figures.urls")),
    path("charity/donations/", include("minzheng.civil_society.donations.urls")),
    path("charity/trusts/", include("minzheng.civil_society.trusts.urls")),
    path("charity/", include("minzheng.civil_society.charity.urls")),
    path("marriage/appointments/", include("minzheng.marriage.appointments.urls")),
    path("marriage/registrations/", include("minzheng.marriage.registrations.urls")),
    path("marriage/statistics/", include("minzheng.marriage.statistics.urls")),
    path("marriage/counselling/", include("minzheng.marriage.counselling.urls")),
    path("marriage/figures/", include("minzheng.marriage.figures.urls")),
    path("funeral/deaths/", include("minzheng.funeral.deaths.urls")),
    path("funeral/cases/", include("minzheng.funeral.services.urls")),
    path("funeral/cemeteries/", include("minzheng.funeral.cemetery.urls")),
    path("funeral/after-death/", include("minzheng.funeral.after_death.urls")),
    path("funeral/figures/", include("minzheng.funeral.figures.urls")),
    path("", include("minzheng.operations.urls")),
    path("", include("minzheng.core.urls")),
    path("", include("minzheng.web.urls")),
]
