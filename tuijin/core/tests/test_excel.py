import io
from decimal import Decimal

from openpyxl import load_workbook

from tuijin.core.excel import neutralise, write_xlsx


def test_neutralise_prefixes_formula_starts_only():
    assert neutralise("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert neutralise("+1") == "'+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("化工项目") == "化工项目"
    assert neutralise(Decimal("-5")) == Decimal("-5")


def test_written_workbook_has_no_formulas_and_keeps_numbers():
    content = write_xlsx("项目", ["名称", "总投资"], [["=1+1", Decimal("12.50")], ["正常项目", Decimal("3")]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "名称"
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'=1+1"
    assert sheet["B2"].value == 12.5 and sheet["B2"].data_type == "n"
