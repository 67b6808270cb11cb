"""One authority: outside the scope module no code compares region paths.

Who may see or act is answered by `tuijin.core.scope.UserScope` (and the querysets built on it in
`tuijin.core.querysets`). A prefix test on a region path anywhere else is a second, drifting copy of
that rule, so this test reads the source and names every such line.
"""

import re
from pathlib import Path

from django.test import SimpleTestCase

PACKAGE = Path(__file__).resolve().parents[2]  # tuijin/
ALLOWED = {PACKAGE / "core" / "scope.py", PACKAGE / "core" / "querysets.py"}

# What a region-path prefix comparison looks like. String literals are not region paths
# (`request.path.startswith("/api/")` compares a URL), so a literal argument is not matched.
PATTERNS = [
    re.compile(r"path__startswith"),                                    # an ORM lookup on a path
    re.compile(r"path\.startswith\(\s*(?![\"'])"),                      # region.path.startswith(p)
    re.compile(r"\.startswith\(\s*[\w.]*path[\w.]*\s*[,)]"),            # p.startswith(path)
    re.compile(r"startswith\([^)]*\)\s+for\s+\w+\s+in\s+[\w.]*paths"),  # any(… for p in scope.…_paths)
]


def offending_lines(root=PACKAGE):
    found = []
    for source in sorted(root.rglob("*.py")):
        if source in ALLOWED or "tests" in source.relative_to(root).parts or "migrations" in source.parts:
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.lstrip().startswith("#") and any(p.search(line) for p in PATTERNS):
                found.append(f"{source.relative_to(root.parent)}:{number}: {line.strip()}")
    return found


class OneAuthorityTests(SimpleTestCase):
    def test_no_region_path_comparison_outside_the_scope_module(self):
        found = offending_lines()
        self.assertEqual(found, [], "Ask tuijin.core.scope.UserScope (covers, may_edit_region, may_fill, "
                                    "coordinates …) or Region.objects.within(…) instead of comparing paths:\n"
                         + "\n".join(found))

    def test_the_patterns_catch_the_usual_forms_and_spare_url_paths(self):
        caught = ['any(region.path.startswith(p) for p in scope.edit_region_paths)',
                  'Region.objects.filter(path__startswith=child.path)',
                  'any(path.startswith(p) or p.startswith(path) for p in scope.read_region_paths)',
                  'sum(1 for x in missing if any(x.startswith(p) for p in paths))']
        spared = ['if request.path.startswith("/api/"):', 'path.startswith("/" + settings.STATIC_URL)',
                  'name.startswith("xl/worksheets/sheet")', 'value.startswith(FORMULA_PREFIXES)']
        for line in caught:
            self.assertTrue(any(p.search(line) for p in PATTERNS), line)
        for line in spared:
            self.assertFalse(any(p.search(line) for p in PATTERNS), line)
