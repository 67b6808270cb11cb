import math

import pytest

from tuijin.core.lib import coords

PANJIN_WGS84 = (122.070714, 41.119997)


def metres(a, b):
    dlng = (a[0] - b[0]) * 111320 * math.cos(math.radians(a[1]))
    dlat = (a[1] - b[1]) * 110540
    return math.hypot(dlng, dlat)


def test_gcj02_offset_in_china_is_hundreds_of_metres():
    shifted = coords.wgs84_to_gcj02(*PANJIN_WGS84)
    assert 100 < metres(shifted, PANJIN_WGS84) < 1000


@pytest.mark.parametrize("system, forward", [
    (coords.GCJ02, lambda lng, lat: coords.wgs84_to_gcj02(lng, lat)),
    (coords.BD09, lambda lng, lat: coords.gcj02_to_bd09(*coords.wgs84_to_gcj02(lng, lat))),
])
def test_conversion_back_to_wgs84_is_within_a_centimetre(system, forward):
    back = coords.to_wgs84(*forward(*PANJIN_WGS84), system)
    assert metres(back, PANJIN_WGS84) < 0.01


def test_outside_china_nothing_moves():
    assert coords.to_wgs84(2.35, 48.85, coords.GCJ02) == (2.35, 48.85)


def test_unknown_system_is_refused():
    with pytest.raises(ValueError):
        coords.to_wgs84(122, 41, "mercator")
