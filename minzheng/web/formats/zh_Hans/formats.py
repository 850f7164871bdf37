# Django's zh_Hans groups digits by four with no separator (34015); the bureau's reports and
# pages group by three with a comma (34,015). Only grouped output (intcomma) changes: form
# inputs and plain numbers stay unlocalized. Everything else falls back to Django's zh_Hans.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
