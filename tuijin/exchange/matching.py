"""Which existing project a row of a list is: the same project code; else the same name in the same region;
else a name close enough in the same region to ask the user (a possible duplicate).

The names of the region's projects are held once per import (an index of their two-character pieces), so a
row is compared in full only with the few names that share most of its pieces: ten thousand rows against ten
thousand projects stay a fraction of a second."""

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

# A name read with its brackets, markers and spaces dropped: "（吴忠市）★某某项目 " and "某某项目" are one name.
NOISE = re.compile(r"[\s★▲☆△◆●○※*＊·•、,，.。:：;；\"'“”‘’()（）\[\]【】〔〕<>《》—\-_/]")
SIMILAR = 0.85  # SequenceMatcher ratio from which two names in one region are worth a look
CANDIDATES = 5
SCANNED = 40
# A piece many names share ("项目", "工程") says nothing about which one a row is: it is not looked up.
COMMON = 200
RAREST = 6


def normal_name(name):
    return NOISE.sub("", unicodedata.normalize("NFKC", name or "")).lower()


def _pieces(name):
    """Every two characters of a name, overlapping: what a name is indexed and looked up by."""
    return {name[i:i + 2] for i in range(len(name) - 1)} or {name}


@dataclass(frozen=True)
class Match:
    kind: str  # "code", "name", "similar" or "" (none)
    project_id: int = None
    name: str = ""
    ratio: float = None
    key: str = ""  # the row's name as compared (normal_name)


class Matcher:
    """Built from (id, code, name, region id) of the projects a row may be; `match(code, name, region_id)`."""

    def __init__(self, projects):
        self.by_code, self.by_name = by_code, by_name = {}, {}
        self.names = names = {}
        self.index = indexes = {}  # region → piece → project ids
        for pk, code, name, region_id in projects:
            if code:
                by_code[code.strip().upper()] = (pk, name)
            key = normal_name(name)
            by_name.setdefault((region_id, key), (pk, name))
            names[pk] = (key, name)
            if (index := indexes.get(region_id)) is None:
                index = indexes[region_id] = defaultdict(list)
            for piece in _pieces(key):
                index[piece].append(pk)

    def match(self, code, name, region_id):
        if code and (found := self.by_code.get(code.strip().upper())):
            return Match("code", found[0], found[1], 1.0)
        key = normal_name(name)
        if not key:
            return Match("")
        nothing = Match("", key=key)
        if found := self.by_name.get((region_id, key)):
            return Match("name", found[0], found[1], 1.0)
        index = self.index.get(region_id)
        if not index:
            return nothing
        found = [ids for ids in map(index.get, _pieces(key)) if ids and len(ids) <= COMMON]
        if not found:
            return nothing
        # A name this close shares nearly all its pieces, so it is among the holders of the rarest few.
        found.sort(key=len)
        shared = Counter(itertools.chain.from_iterable(found[:RAREST]))
        best, compared, length, names = nothing, 0, len(key), self.names
        # Most pieces shared first, of as many the closest in length; of those, the first CANDIDATES whose length
        # lets the ratio reach SIMILAR at all (2·matches / both lengths), looked for among the first SCANNED.
        ranked = sorted(shared.items(), key=lambda item: (-item[1], abs(len(names[item[0]][0]) - length)))
        for pk, _n in ranked[:SCANNED]:
            other, shown = self.names[pk]
            if 2 * min(length, len(other)) < SIMILAR * (length + len(other)):
                continue
            ratio = SequenceMatcher(None, key, other).ratio()
            if ratio >= SIMILAR and (best.ratio is None or ratio > best.ratio):
                best = Match("similar", pk, shown, round(ratio, 2))
            compared += 1
            if compared == CANDIDATES:
                break
        return best
