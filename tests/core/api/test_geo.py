import pytest

from minzheng.core.api.geo import LAT_RANGE, LNG_RANGE
from tests.core.api.support import client_for

URL = "/api/geo/convert/"


def test_wgs84_to_gcj02_matches_the_domain_example(personas):
    response = client_for(personas, "village_worker").get(URL, {"lng": 120.0868, "lat": 30.8940, "from": "wgs84",
                                                                "to": "gcj02"})
    assert response.status_code == 200
    assert response.json() == pytest.approx({"lng": 120.091671, "lat": 30.891956}, abs=1e-6)


def test_bd09_back_to_wgs84(personas):
    response = client_for(personas, "auditor").get(URL, {"lng": 120.098171, "lat": 30.897989, "from": "bd09",
                                                         "to": "wgs84"})
    assert response.json() == pytest.approx({"lng": 120.0868, "lat": 30.8940}, abs=1e-6)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"lng": "abc", "lat": 30, "from": "wgs84", "to": "bd09"}, "lng", None),
        ({"lng": 200, "lat": 30, "from": "wgs84", "to": "bd09"}, "lng", LNG_RANGE),
        ({"lng": 120, "lat": -91, "from": "wgs84", "to": "bd09"}, "lat", LAT_RANGE),
        ({"lat": 30, "from": "wgs84", "to": "bd09"}, "lng", None),
        ({"lng": 120, "lat": 30, "from": "mercator", "to": "bd09"}, "from", None),
        ({"lng": 120, "lat": 30, "from": "wgs84"}, "to", None),
    ],
)
def test_bad_or_missing_numbers_get_a_chinese_400(personas, params, field, message):
    response = client_for(personas, "village_worker").get(URL, params)
    assert response.status_code == 400
    [reason] = response.json()[field]
    assert reason == message if message else any("\u4e00" <= ch <= "\u9fff" for ch in reason)


def test_anonymous_is_refused(personas):
    assert client_for(personas, "anonymous").get(URL, {"lng": 120, "lat": 30, "from": "wgs84",
                                                       "to": "bd09"}).status_code == 401
