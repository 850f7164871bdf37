"""Roles are Django groups. Their names are Chinese because administrators read them."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CITY_ADMIN = "市级管理员"
    COUNTY_OFFICER = "区县经办人"
    TOWNSHIP_OFFICER = "乡镇街道经办人"
    VILLAGE_WORKER = "村社网格员"
    PROVIDER_OPERATOR = "服务机构操作员"
    AUDITOR = "审计员"
    MARRIAGE_REGISTRAR = "婚姻登记员"
    FUNERAL_REGISTRAR = "殡葬登记员"


# Permissions a role carries, as "app_label.codename". Reading inside the scope is implied by
# having a region at all; these are the extra powers.
REGISTRY_OFFICER = (
    "people.reveal_pii",
    "people.add_person",
    "people.change_person",
    "people.add_household",
    "people.change_household",
    "people.import_people",
    "people.export_people",
)
PLACES_OFFICER = (
    "places.manage_addresses",
    "places.manage_doorplates",
    "places.manage_place_names",
    "places.handle_plate_reports",
)

# The benefits engine: townships take in, check, review and notice applications and do the
# reviews (复核); counties also decide; the city keeps the programs and their standards.
BENEFITS_TOWNSHIP = ("benefits.view_application", "benefits.handle_application", "benefits.view_enrollment",
                     "benefits.review_enrollment")
BENEFITS_COUNTY = (*BENEFITS_TOWNSHIP, "benefits.decide_application")
# Monthly payment runs are the county's (and the city's): one officer makes a run, another
# approves it (maker and checker).
BENEFITS_PAYMENTS = ("benefits.manage_payments", "benefits.approve_payments")
# Assistance: townships and counties record disability certificates and, for elders never
# assessed in the system, the ability level an outside assessment found (the stand-in).
ASSISTANCE_OFFICER = ("assistance.manage_disability_certificates", "assistance.record_ability_level")
# Eldercare: townships and counties read and record elderly ability assessments (GB/T 42195).
ELDERCARE_ASSESSOR = ("eldercare.view_assessment", "eldercare.record_assessment")
# Love cards (爱心卡): townships and counties open them, top them up and read their ledgers.
ELDERCARE_LOVE_CARDS = ("eldercare.manage_love_cards",)
# Facilities: townships and counties keep the registry of service sites in their scope and
# export the public ones for the map platforms; counties and the city register the providers
# that run them and open their operator accounts.
FACILITIES_OFFICER = ("facilities.manage_facilities", "facilities.export_poi")
FACILITIES_OPERATORS = ("facilities.manage_operators",)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    # The city keeps the division names (撤乡设镇, 村社合并): renames go through region_rename.
    Role.CITY_ADMIN: (*REGISTRY_OFFICER, *PLACES_OFFICER, "places.manage_catalogue", "core.change_region",
                      "benefits.manage_standards", "benefits.view_enrollment", *BENEFITS_PAYMENTS,
                      *FACILITIES_OFFICER, *FACILITIES_OPERATORS),
    Role.COUNTY_OFFICER: (*REGISTRY_OFFICER, *PLACES_OFFICER, *BENEFITS_COUNTY, *ASSISTANCE_OFFICER, *BENEFITS_PAYMENTS,
                          *ELDERCARE_ASSESSOR, *ELDERCARE_LOVE_CARDS, *FACILITIES_OFFICER, *FACILITIES_OPERATORS),
    Role.TOWNSHIP_OFFICER: (*REGISTRY_OFFICER, *PLACES_OFFICER, *BENEFITS_TOWNSHIP, *ASSISTANCE_OFFICER, *ELDERCARE_ASSESSOR, *ELDERCARE_LOVE_CARDS,
                            *FACILITIES_OFFICER),
    # Village workers register residents and keep households, and propose names for their own
    # village; they cannot see clear ID numbers or bulk-import.
    Role.VILLAGE_WORKER: (
        "people.add_person",
        "people.change_person",
        "people.add_household",
        "people.change_household",
        "people.export_people",
        "places.manage_place_names",
        # Their village's review due list (复核), to prepare the home visits.
        "benefits.view_enrollment",
    ),
    # A provider's staff: no region (so no jurisdiction in any app), only their operator's sites,
    # whose opening hours and status they keep up to date.
    Role.PROVIDER_OPERATOR: ("facilities.operate_facilities",),
    Role.AUDITOR: ("core.view_auditentry", "core.view_accesslog"),
    Role.MARRIAGE_REGISTRAR: (),
    Role.FUNERAL_REGISTRAR: (),
}

# One bed, one code (一床一码): townships, counties and the homes' own provider operators keep the beds
# and check elders in and out; counties read the integrity findings and make the monthly bed subsidy
# (one officer makes a run, another approves it); the city also sets the rates per bed-day.
ELDERCARE_BEDS = ("eldercare.manage_beds",)
ELDERCARE_BED_SUBSIDY = ("eldercare.manage_bed_subsidy", "eldercare.approve_bed_subsidy", "eldercare.view_bed_findings")
for _role, _extra in {
    Role.CITY_ADMIN: (*ELDERCARE_BEDS, *ELDERCARE_BED_SUBSIDY, "eldercare.manage_bed_subsidy_rates"),
    Role.COUNTY_OFFICER: (*ELDERCARE_BEDS, *ELDERCARE_BED_SUBSIDY),
    Role.TOWNSHIP_OFFICER: ELDERCARE_BEDS,
    Role.PROVIDER_OPERATOR: ELDERCARE_BEDS,  # their own operator's homes only (eldercare.beds.selectors)
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Meals for the elderly (老年助餐): townships, counties and the meal sites' own provider operators record
# meals and read the counts per site and month; the city reads them everywhere and sets the subsidy
# per meal by age tier.
ELDERCARE_MEALS = ("eldercare.record_meals",)
for _role, _extra in {
    Role.CITY_ADMIN: (*ELDERCARE_MEALS, "eldercare.manage_meal_subsidy_rates"),
    Role.COUNTY_OFFICER: ELDERCARE_MEALS,
    Role.TOWNSHIP_OFFICER: ELDERCARE_MEALS,
    Role.PROVIDER_OPERATOR: ELDERCARE_MEALS,  # their own operator's meal sites only (eldercare.meals.selectors)
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Home eldercare beds (家庭养老床位): townships, counties, the city and the providers' own operators sign and end
# the contracts, record the devices and read the monthly visit compliance (an officer, for the elders living in
# their scope; a provider operator, for their own sites' contracts wherever the elders live).
ELDERCARE_HOME_BEDS = ("eldercare.manage_home_beds",)
for _role in (Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.TOWNSHIP_OFFICER, Role.PROVIDER_OPERATOR):
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *ELDERCARE_HOME_BEDS)

# Caregivers (养老护理员): townships, counties, the city and the employers' own provider operators keep the
# registry (certificates, leaving, awards); the city sets the special post allowance by tier. Granting
# and paying the allowance is a payment run of the engine (benefits.manage_payments: counties, the city).
ELDERCARE_CAREGIVERS = ("eldercare.manage_caregivers",)
for _role, _extra in {
    Role.CITY_ADMIN: (*ELDERCARE_CAREGIVERS, "eldercare.manage_caregiver_allowance"),
    Role.COUNTY_OFFICER: ELDERCARE_CAREGIVERS,
    Role.TOWNSHIP_OFFICER: ELDERCARE_CAREGIVERS,
    Role.PROVIDER_OPERATOR: ELDERCARE_CAREGIVERS,  # their own operator's sites only (eldercare.caregivers.selectors)
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Home services (六助): the providers' own operators book the visits, and their caregivers check in and out
# (only their operator's sites); townships, counties and the city read the orders, findings and scores
# and run the supervision; the city sets its thresholds.
ELDERCARE_HOME_SERVICES = ("eldercare.run_home_service_supervision",)
for _role, _extra in {
    Role.CITY_ADMIN: (*ELDERCARE_HOME_SERVICES, "eldercare.manage_supervision_thresholds"),
    Role.COUNTY_OFFICER: ELDERCARE_HOME_SERVICES,
    Role.TOWNSHIP_OFFICER: ELDERCARE_HOME_SERVICES,
    Role.PROVIDER_OPERATOR: ("eldercare.serve_home_service_orders",),  # eldercare.home_services.selectors
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Accident insurance for elders (老年人意外险): counties and the city record the policies and the
# insurers' answers to claims and read the payout ratio; townships read their own.
# Home adaptation (适老化改造 / 以旧换新): townships enter applications (the maker), counties review
# them and record the subsidy paid (the checker); the city keeps the catalogue of items and prices.
ELDERCARE_INSURANCE = ("eldercare.view_insurance", "eldercare.manage_insurance")
for _role, _extra in {
    Role.CITY_ADMIN: (*ELDERCARE_INSURANCE, "eldercare.view_adaptation", "eldercare.manage_adaptation_catalogue"),
    Role.COUNTY_OFFICER: (*ELDERCARE_INSURANCE, "eldercare.view_adaptation", "eldercare.manage_adaptation",
                          "eldercare.approve_adaptation"),
    Role.TOWNSHIP_OFFICER: ("eldercare.view_insurance", "eldercare.view_adaptation", "eldercare.manage_adaptation"),
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Social organizations (社会组织): counties and the city register the three types and keep their annual
# reports, activity records, credit lists, dormancy cleanup cases, venture philanthropy and awards; townships
# file community organizations (备案) and keep their reports and records; the auditor reads.
CIVIL_SOCIETY_VIEW = ("civil_society.view_organization",)
CIVIL_SOCIETY_REGISTRAR = (*CIVIL_SOCIETY_VIEW, "civil_society.manage_organizations")
for _role, _extra in {
    Role.CITY_ADMIN: CIVIL_SOCIETY_REGISTRAR,
    Role.COUNTY_OFFICER: CIVIL_SOCIETY_REGISTRAR,
    Role.TOWNSHIP_OFFICER: (*CIVIL_SOCIETY_VIEW, "civil_society.file_community_organizations"),
    Role.AUDITOR: CIVIL_SOCIETY_VIEW,
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Charity (慈善事业促进): the city and the counties recognize charities, grant the public fundraising
# qualification, take the campaign plans, keep the donation ledger, disbursements, accounts and trust
# filings of the charities they see; the auditor reads them.
CHARITY = ("civil_society.view_charity", "civil_society.manage_charity")
for _role, _extra in {
    Role.CITY_ADMIN: CHARITY,
    Role.COUNTY_OFFICER: CHARITY,
    Role.AUDITOR: ("civil_society.view_charity",),
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Welfare lottery (福利彩票): the city (the welfare lottery centre under the bureau) keeps the stations,
# agency contracts, upgrades and closures, imports the monthly sales, sets the fund rates and records
# the promotion events; the counties read their stations, sales, fund and figures.
for _role, _extra in {
    Role.CITY_ADMIN: ("lottery.view_lottery", "lottery.manage_lottery"),
    Role.COUNTY_OFFICER: ("lottery.view_lottery",),
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Children (儿童福利): townships and counties open, review and end child profiles and register the child directors
# and supervisors; village workers read their own village's children and record visits and services (as do
# townships and counties); the city reads everything. The living allowances are payment runs of the engine
# (benefits.manage_payments: counties, the city).
CHILDREN_READ = ("children.view_childprofile",)
CHILDREN_OFFICER = (*CHILDREN_READ, "children.manage_child_profiles", "children.record_child_visits",
                    "children.view_childdirector", "children.manage_child_directors")
for _role, _extra in {
    Role.CITY_ADMIN: (*CHILDREN_READ, "children.view_childdirector"),
    Role.COUNTY_OFFICER: CHILDREN_OFFICER,
    Role.TOWNSHIP_OFFICER: CHILDREN_OFFICER,
    Role.VILLAGE_WORKER: (*CHILDREN_READ, "children.record_child_visits"),
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Community mental-health rehab (精神康复): counties and the city keep the "1+5+N" network and run the review
# rounds of the two disability subsidies; townships and counties register home-based patients and their
# consent (health data: only these officers, and a rehab organization's own operators, see them); the
# organizations' provider operators record the services of their own patients; the auditor reads the figures.
REHAB_READ = ("disability.view_rehab_network", "disability.view_rehab_patients")
for _role, _extra in {
    Role.CITY_ADMIN: (*REHAB_READ, "disability.manage_rehab_network", "disability.run_subsidy_reviews"),
    Role.COUNTY_OFFICER: (*REHAB_READ, "disability.manage_rehab_network", "disability.manage_rehab_patients",
                          "disability.run_subsidy_reviews"),
    Role.TOWNSHIP_OFFICER: (*REHAB_READ, "disability.manage_rehab_patients"),
    Role.PROVIDER_OPERATOR: ("disability.view_rehab_patients", "disability.record_rehab_services"),
    Role.AUDITOR: ("disability.view_rehab_network",),
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Marriage registration (婚姻登记): the registrars of an office's county register marriages, divorces by
# agreement and replacements, and read those records (every read logged); county officers and the city read
# the statistics (aggregates only).
MARRIAGE_RECORDS = ("marriage.view_marriage_records", "marriage.register_marriages")
MARRIAGE_STATISTICS = ("marriage.view_marriage_statistics",)
for _role, _extra in {
    Role.MARRIAGE_REGISTRAR: (*MARRIAGE_RECORDS, *MARRIAGE_STATISTICS),
    Role.COUNTY_OFFICER: MARRIAGE_STATISTICS,
    Role.CITY_ADMIN: MARRIAGE_STATISTICS,
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Marriage appointments, counselling stations and events: the registrars open their offices' slots and
# keep the desk (who is booked, arrived, no-show); county officers and registrars keep the simple-wedding
# bases and the events in their scope; the city, townships and the auditor read them and the figures.
MARRIAGE_COUNSELLING_VIEW = ("marriage.view_counselling",)
MARRIAGE_COUNSELLING = (*MARRIAGE_COUNSELLING_VIEW, "marriage.manage_counselling")
for _role, _extra in {
    Role.CITY_ADMIN: MARRIAGE_COUNSELLING_VIEW,
    Role.COUNTY_OFFICER: MARRIAGE_COUNSELLING,
    Role.TOWNSHIP_OFFICER: MARRIAGE_COUNSELLING_VIEW,
    Role.AUDITOR: MARRIAGE_COUNSELLING_VIEW,
    Role.MARRIAGE_REGISTRAR: ("marriage.keep_appointments", *MARRIAGE_COUNSELLING),
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Death registration and the after-death one thing (身后一件事): funeral registrars, counties and townships register
# deaths in their scope and keep each death's checklist of notices; registrars and counties also revoke a death
# registered by mistake (the correction reopens what it closed); the city and the auditor read.
DEATHS_VIEW = ("funeral.view_deathregistration",)
DEATHS_OFFICER = (*DEATHS_VIEW, "funeral.register_death", "funeral.manage_after_death")
for _role, _extra in {
    Role.FUNERAL_REGISTRAR: (*DEATHS_OFFICER, "funeral.revoke_death"),
    Role.COUNTY_OFFICER: (*DEATHS_OFFICER, "funeral.revoke_death"),
    Role.TOWNSHIP_OFFICER: DEATHS_OFFICER,
    Role.CITY_ADMIN: DEATHS_VIEW,
    Role.AUDITOR: DEATHS_VIEW,
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# Funeral homes' cases, services and the basic-service waiver catalogue: funeral registrars and county officers
# open cases and record services in their scope; the city keeps the default catalogue and counties their "+N"
# (one permission: the item's region is the officer's own); the city and the auditor read cases and figures.
FUNERAL_CASES = ("funeral.view_funeralcase", "funeral.manage_funeral_cases")
for _role, _extra in {
    Role.FUNERAL_REGISTRAR: FUNERAL_CASES,
    Role.COUNTY_OFFICER: (*FUNERAL_CASES, "funeral.manage_waiver_catalogue"),
    Role.CITY_ADMIN: ("funeral.view_funeralcase", "funeral.manage_waiver_catalogue"),
    Role.AUDITOR: ("funeral.view_funeralcase",),
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)

# The smart cemetery. [roles: funeral cemetery]: funeral registrars and county officers keep the plots and
# niches of the cemeteries and columbaria in their scope (batch creation, reservation, sale, interment,
# renewal), eco burials and the conversion projects; the city and the auditor read them.
CEMETERY_READ = ("funeral.view_plot",)
CEMETERY_KEEPER = (*CEMETERY_READ, "funeral.manage_cemetery")
for _role, _extra in {
    Role.FUNERAL_REGISTRAR: CEMETERY_KEEPER,
    Role.COUNTY_OFFICER: CEMETERY_KEEPER,
    Role.CITY_ADMIN: CEMETERY_READ,
    Role.AUDITOR: CEMETERY_READ,
}.items():
    ROLE_PERMISSIONS[_role] = (*ROLE_PERMISSIONS[_role], *_extra)
