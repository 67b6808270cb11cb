import pytest

from tuijin.core.lib.project_code import CURRENT, LEGACY, ProjectCodeError, parse


def test_current_format_is_parsed():
    code = parse("2104-320582-89-01-596340")
    assert (code.format, code.year, code.month, code.region_code) == (CURRENT, 2021, 4, "320582")


def test_legacy_format_is_accepted():
    code = parse("2017-211102-44-03-000123")
    assert (code.format, code.year, code.month) == (LEGACY, 2017, None)


def test_2011_reads_as_november_2020_in_the_current_format():
    assert parse("2011-211102-89-01-12345X").format == CURRENT


def test_typed_variants_are_normalised():
    assert parse(" 2104－320582－89－01－59634x ").text == "2104-320582-89-01-59634X"


@pytest.mark.parametrize("text, message", [
    ("2104-320582-89-01-59634", "24位"),
    ("2113-320582-89-01-596340", "年月"),
    ("1905-320582-89-01-596340", "年月"),
    ("2009-320582-89-01-596340", "早于"),
    ("2010-320582-89-01-596340", "早于"),
    ("2104_320582_89_01_596340", "格式"),
    ("2016-211102-44-03-00012X", "旧版"),
])
def test_malformed_codes_are_refused_with_a_reason(text, message):
    with pytest.raises(ProjectCodeError, match=message):
        parse(text)
