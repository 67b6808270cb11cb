"""Which existing project a row of a list is: the same project code; else the same name in the same region;
else a name close enough in the same region to ask the user (a possible duplicate).

The names of the region's projects are held once per import (an index of their two-character pieces), so a
row is compared in full only with the few names that share most of its pieces: ten thousand rows against ten
thousand projects stay a fraction of a second."""

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

# A name read with its brackets, markers and spaces dropped: "（吴忠市）★某某项目 " and "某某项目" are one name.
NOISE = re.compile(r"[\s★▲☆△◆●○※*＊·•、,，.。:：;；\"'“”‘’()（）\[\]【】〔〕<>《》—\-_/]")
SIMILAR = 0.85  # SequenceMatcher ratio from which two names in one region are worth a look
CANDIDATES = 5
# A piece most names share ("项目", "工程") says nothing about which one a row is: it is not looked up.
COMMON = 200
RAREST = 6


def normal_name(name):
    return NOISE.sub("", unicodedata.normalize("NFKC", name or "")).lower()


def _pieces(name):
    return {name[i:i + 2] for i in range(len(name) - 1)} or {name}


@dataclass(frozen=True)
class Match:
    kind: str  # "code", "name", "similar" or "" (none)
    project_id: int = None
    name: str = ""
    ratio: float = None


class Matcher:
    """Built from (id, code, name, region id) of the projects a row may be; `match(code, name, region_id)`."""

    def __init__(self, projects):
        self.by_code, self.by_name = {}, {}
        self.names = {}
        self.added = {}  # hash of a code or (region, name) this file has added → its (negative) row id
        self.index = defaultdict(lambda: defaultdict(set))  # region → piece → project ids
        for pk, code, name, region_id in projects:
            if code:
                self.by_code[code.strip().upper()] = (pk, name)
            key = normal_name(name)
            self.by_name.setdefault((region_id, key), (pk, name))
            self.names[pk] = (key, name)
            for piece in _pieces(key):
                self.index[region_id][piece].add(pk)

    def match(self, code, name, region_id):
        if code and (found := self.by_code.get(code.strip().upper())):
            return Match("code", found[0], found[1], 1.0)
        if code and (pk := self.added.get(hash(("code", code.strip().upper())))) is not None:
            return Match("code", pk, name, 1.0)
        key = normal_name(name)
        if not key:
            return Match("")
        if (pk := self.added.get(hash((region_id, key)))) is not None:
            return Match("name", pk, name, 1.0)
        if found := self.by_name.get((region_id, key)):
            return Match("name", found[0], found[1], 1.0)
        index = self.index[region_id]
        found = [ids for ids in map(index.get, _pieces(key)) if ids and len(ids) <= COMMON]
        if not found:
            return Match("")
        # A name this close shares nearly all its pieces, so it is among the holders of the rarest few.
        found.sort(key=len)
        shared = Counter()
        for ids in found[:RAREST]:
            shared.update(ids)
        best = Match("")
        for pk, _n in shared.most_common(CANDIDATES):
            other, shown = self.names[pk]
            ratio = SequenceMatcher(None, key, other).ratio()
            if ratio >= SIMILAR and (best.ratio is None or ratio > best.ratio):
                best = Match("similar", pk, shown, round(ratio, 2))
        return best

    def add(self, pk, code, name, region_id):
        """A project this import creates: a later row of the same file with its code or its very name is a
        repeat (rows of one published list are distinct projects however close their names). Only a hash of
        the code or name is kept, with `pk`: a long file holds some 100 bytes a row, not its names."""
        if code:
            self.added.setdefault(hash(("code", code.strip().upper())), pk)
        self.added.setdefault(hash((region_id, normal_name(name))), pk)
