"""Texts the platform recorded in one language and people read in another.

The change log is append-only: an entry's summary and subject label are written once, in the language
of the person acting (the seed and the backfill write Chinese). A reader in English sees them in
English when they are the platform's own wording: a catalog message (whole, or with its %(name)s
parameters filled in, each parameter read the same way) or a period name ("2026年12月"). Anything else
(names, texts people typed) is shown as recorded.
"""

import datetime
import functools
import re

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, trans_real

# A period, or a report ("<project> 2026年12月"): the name stays, the period is read.
PERIOD = re.compile(r"(?:(.+) )?(\d{4})年(\d{1,2})月\Z", re.S)
CJK = re.compile(r"[\u3001-\u303f\u4e00-\u9fff\uff00-\uffef]")
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
PARAMETER = re.compile(r"%\((\w+)\)s")


@functools.lru_cache(maxsize=4)
def _patterns(language):
    """(regex, msgstr) for each Chinese catalog message with parameters, the most literal text first
    (so "阶段：%(a)s → %(b)s" is tried before "%(n)s：%(f)s")."""
    patterns = []
    for msgid, msgstr in trans_real.translation(language)._catalog.items():
        if not isinstance(msgid, str) or "%(" not in msgid or not msgstr or not CJK.search(msgid):
            continue
        parts = PARAMETER.split(msgid)
        names = parts[1::2]
        # A pattern whose only Chinese is one character ("%(y)s年%(n)s") would also match names
        # people typed ("盘锦年产…"): only punctuation or two characters and more tell wording apart.
        if len(set(names)) != len(names) or len(IDEOGRAPH.findall("".join(parts[0::2]))) == 1:
            continue
        regex = "".join(re.escape(part.replace("%%", "%")) if i % 2 == 0 else f"(?P<{part}>.+?)"
                        for i, part in enumerate(parts))
        patterns.append((len("".join(parts[0::2])), re.compile(regex + r"\Z", re.S), msgstr))
    patterns.sort(key=lambda item: -item[0])
    return [(regex, msgstr) for _length, regex, msgstr in patterns]


def read(text, whole_only=False):
    """`text` as recorded, in the page's language where it is the platform's own wording. A message's
    parameters are read as whole messages or period names only: they are often texts people typed."""
    language = get_language() or ""
    if not isinstance(text, str) or not text or language.startswith("zh") or not CJK.search(text):
        return text
    translated = gettext(text)
    if translated != text:
        return translated
    period = PERIOD.match(text)
    if period:
        month = date_format(datetime.date(int(period[2]), int(period[3]), 1), "YEAR_MONTH_FORMAT")
        return f"{period[1]} {month}" if period[1] else month
    if not whole_only:
        for regex, msgstr in _patterns(language):
            match = regex.match(text)
            if match:
                try:
                    return msgstr % {name: read(value, whole_only=True) for name, value in match.groupdict().items()}
                except (KeyError, ValueError, TypeError):
                    continue
    return text
