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


def _field(paragraph, instruction, font, size):
    """A Word field (PAGE, NUMPAGES) in `paragraph`: Word and LibreOffice fill in its value when they lay out."""
    from docx.oxml import OxmlElement

    def run_with(element):
        run = paragraph.add_run()
        _font(run.font, run._element, font, size)
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run_with(text)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = paragraph.add_run("1")  # what a reader that does not compute fields shows
    _font(shown.font, shown._element, font, size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def page_numbers(document, font=BODY_FONT, size=SIZE_4):
    """第 X 页 共 Y 页, centred in the footer of every page, with PAGE and NUMPAGES fields."""
    para = document.sections[0].footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, instruction in (("第 ", "PAGE"), (" 页 共 ", "NUMPAGES")):
        run = para.add_run(text)
        _font(run.font, run._element, font, size)
        _field(para, instruction, font, size)
    run = para.add_run(" 页")
    _font(run.font, run._element, font, size)
    return para
