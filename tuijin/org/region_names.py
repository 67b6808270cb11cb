"""Region names as documents and lists write them → region codes: the full name, the short name, either without
its 区/县/市 suffix, and former names (a renamed or merged county: `Region.former_names`). A name two regions
share matches neither. Pure: built from (code, name, short name) triples."""

import unicodedata

from tuijin.core.lib.names import split_names

REGION_SUFFIXES = ("自治县", "自治旗", "新区", "开发区", "区", "县", "市", "旗")


class RegionMatcher:
    """Built from (code, name, short name) of the regions a name may be, and {former name: code}."""

    def __init__(self, regions, former_names=None):
        self.codes = {}
        ambiguous = set()
        for code, name, short_name in regions:
            for key in self._keys(name) | self._keys(short_name):
                if key in self.codes and self.codes[key] != code:
                    ambiguous.add(key)
                self.codes[key] = code
        for key in ambiguous:
            del self.codes[key]
        for name, code in (former_names or {}).items():
            for key in self._keys(name):
                self.codes.setdefault(key, code)

    @staticmethod
    def _keys(name):
        name = _clean(name)
        if not name:
            return set()
        keys = {name}
        for suffix in REGION_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                keys.add(name[: -len(suffix)])
                break
        return keys

    @classmethod
    def of(cls, regions):
        """For Region rows, their former names included."""
        former = {name: r.code for r in regions for name in split_names(r.former_names)}
        return cls([(r.code, r.name, r.short_name) for r in regions], former)

    def match(self, text, *, within=True):
        """The code of the region `text` names: the whole text, else (`within`) the longest name inside it
        ("盘山县坝墙子镇" → 盘山县)."""
        text = _clean(text)
        if not text:
            return None
        if text in self.codes:
            return self.codes[text]
        for key in self._keys(text):
            if key in self.codes:
                return self.codes[key]
        if not within:
            return None
        found = [key for key in self.codes if len(key) >= 2 and key in text]
        if not found:
            return None
        longest = max(len(key) for key in found)
        codes = {self.codes[key] for key in found if len(key) == longest}
        return codes.pop() if len(codes) == 1 else None


def _clean(text):
    return unicodedata.normalize("NFKC", str(text or "")).strip().replace(" ", "")
