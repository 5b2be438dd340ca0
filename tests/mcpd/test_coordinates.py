"""Coordinates: DMS text forms, decimal ranges and their agreement."""

import pytest

from germbank.mcpd.coordinates import parse_decimal_degrees, parse_dms
from germbank.mcpd.values import InvalidValue


@pytest.mark.parametrize(("text", "axis", "mcpd", "decimal"), [
    ("282030N", "lat", "282030N", 28.341667),
    ("103020S", "lat", "103020S", -10.505556),
    ("2820--N", "lat", "2820--N", 28.333333),
    ("10----S", "lat", "10----S", -10.0),
    ("1122130E", "lon", "1122130E", 112.358333),
    ("0762510W", "lon", "0762510W", -76.419444),
    ("076----W", "lon", "076----W", -76.0),
    ("282030n", "lat", "282030N", 28.341667),
    ("28°20'30\"N", "lat", "282030N", 28.341667),
    ("北纬28°20′30″", "lat", "282030N", 28.341667),
    ("东经112°21′30″", "lon", "1122130E", 112.358333),
    ("N 28 20 30", "lat", "282030N", 28.341667),
])
def test_dms_forms_give_mcpd_text_and_decimal_degrees(text, axis, mcpd, decimal):
    dms = parse_dms(text, axis)
    assert dms.text == mcpd
    assert dms.decimal == pytest.approx(decimal, abs=1e-6)


@pytest.mark.parametrize(("text", "axis", "message"), [
    ("2860--N", "lat", "60 minutes"), ("282061N", "lat", "61 seconds"),
    ("9130--N", "lat", "beyond 90"), ("1812130E", "lon", "beyond 180"),
    ("28--30N", "lat", "seconds but no minutes"), ("282030E", "lat", "DDMMSSH"),
    ("82030N", "lat", "DDMMSSH"), ("abc", "lon", "DDDMMSSH"),
])
def test_bad_dms_is_rejected_precisely(text, axis, message):
    with pytest.raises(InvalidValue, match=message):
        parse_dms(text, axis)


def test_agreement_allows_the_precision_of_the_text_form():
    minutes_only = parse_dms("2820--N", "lat")
    assert minutes_only.agrees_with(28.345)
    assert not minutes_only.agrees_with(28.4)
    seconds = parse_dms("282030N", "lat")
    assert seconds.agrees_with(28.3417)
    assert not seconds.agrees_with(28.345)


@pytest.mark.parametrize(("text", "axis", "expected"), [
    ("28.3417", "lat", 28.3417), ("-44.6975", "lat", -44.6975), ("90", "lat", 90.0),
    ("-180", "lon", -180.0), ("28,5", "lat", 28.5), ("28.5N", "lat", 28.5),
    ("S 12.25", "lat", -12.25), ("112.35W", "lon", -112.35),
    ("28.341700000000003", "lat", 28.3417),
])
def test_decimal_coordinates(text, axis, expected):
    assert parse_decimal_degrees(text, axis) == expected


@pytest.mark.parametrize(("text", "axis", "message"), [
    ("90.5", "lat", "outside -90..90"), ("-181", "lon", "outside -180..180"),
    ("north", "lat", "decimal latitude"), ("28.5E", "lat", "hemisphere E"),
])
def test_decimal_coordinates_out_of_range_are_rejected(text, axis, message):
    with pytest.raises(InvalidValue, match=message):
        parse_decimal_degrees(text, axis)
