"""The permissions of marriage registration, declared on ``registrations.models.MarriageRecord``'s
Meta (holder of the codenames) and named here so that every sub-domain can ask for them without
importing a higher one. Only marriage registrars hold the first two; county officers and the city
administrator hold the statistics."""

VIEW_RECORDS = "marriage.view_marriage_records"
REGISTER = "marriage.register_marriages"
VIEW_STATISTICS = "marriage.view_marriage_statistics"
