"""How far a long step has got when the step is one transaction (a list of projects saved all or none): what it
writes is seen by nobody else until it ends, so it says how far it is through a cache every process of the
machine reads (`settings.CACHES["progress"]`, files under var/), and the page that polls reads it there."""

from django.core.cache import caches

EVERY = 20  # items between two reports: each report is a small file written


class Progress:
    """`advance()` once an item is done; `turn_to(step)` when the step moves on (the plans after the projects);
    `close()` at the end, whether it worked or not."""

    def __init__(self, key, total, step=""):
        self.key, self.total, self.step, self.done = key, total, step, 0
        self._say()

    def advance(self):
        self.done += 1
        if self.done % EVERY == 0 or self.done == self.total:
            self._say()

    def turn_to(self, step):
        self.step = step
        self._say()

    def close(self):
        caches["progress"].delete(self.key)

    def _say(self):
        # An hour: a worker killed mid-step leaves no report standing for good.
        caches["progress"].set(self.key, {"done": self.done, "total": self.total, "step": self.step}, 3600)


def of(key):
    """{"done", "total", "step"} said last for `key`, or None."""
    return caches["progress"].get(key)
