"""The official document layout (GB/T 9704-2012 党政机关公文格式) for python-docx documents.

A4, margins 37/35/28/26 mm, title in 2号 方正小标宋简体, body in 3号 仿宋_GB2312 at a fixed 28.95 pt line,
headings 黑体 and 楷体. Government desktops have these fonts; elsewhere Word and LibreOffice fall back
to the nearest CJK face (the `FALLBACK` names are written as the Latin font so a fallback is chosen).
"""

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
FALLBACK = "Noto Serif CJK SC"
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)
LINE = Pt(28.95)  # 22 lines of 28 characters on a page


def new_document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    _font(normal.font, normal.element, BODY_FONT, SIZE_3)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.space_after = Pt(0)
    return document


def _font(font, element, name, size, bold=False):
    font.name, font.size, font.bold = FALLBACK, size, bold
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def paragraph(document, text, *, font=BODY_FONT, size=SIZE_3, align=None, indent=True, bold=False):
    para = document.add_paragraph()
    if align is not None:
        para.alignment = align
    if indent:
        para.paragraph_format.first_line_indent = Pt(size.pt * 2)  # two characters
    run = para.add_run(text)
    _font(run.font, run._element, font, size, bold)
    return para


def title(document, text):
    para = paragraph(document, text, font=TITLE_FONT, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    para.paragraph_format.line_spacing = Pt(35)
    return para


def heading(document, text):
    return paragraph(document, text, font=HEADING_FONT)


def ruled(document, text):
    """The 抄送 / 印发 lines at the foot: 4号, indented one character, a rule above."""
    para = paragraph(document, text, size=SIZE_4, indent=False)
    para.paragraph_format.left_indent = Pt(14)
    border = para._p.get_or_add_pPr()
    from docx.oxml import OxmlElement

    borders = OxmlElement("w:pBdr")
    for side in ("top", "bottom"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:space"), "1")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    border.append(borders)
    return para


CHINESE_NUMBERS = "一二三四五六七八九十"


def chinese_number(n):
    """1 → 一, 12 → 十二, 20 → 二十 (items of a document rarely pass 99)."""
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    tens, units = divmod(n, 10)
    return (CHINESE_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CHINESE_NUMBERS[units - 1] if units else "")
