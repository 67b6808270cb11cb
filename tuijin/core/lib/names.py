"""Several names in one cell or field, as published tables and people write them: "甲公司、乙公司；丙公司", one a
line, commas of either width."""

import re

SEPARATORS = re.compile(r"[、，,；;\r\n]+")


def split_names(text):
    """The names in `text`, in order, each once, without padding."""
    names = []
    for part in SEPARATORS.split(text or ""):
        part = part.strip()
        if part and part not in names:
            names.append(part)
    return names
