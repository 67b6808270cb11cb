from tuijin.core.testing import PersonaTestCase
from tuijin.org.models import Leader, LeaderRank

from .models import ProblemCategory


class ProblemTestCase(PersonaTestCase):
    """Personas plus the city's executive vice mayor and mayor, and the 规划 category (7 working days)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # get_or_create: a transactional (browser) test may have flushed the migration's rows.
        cls.category, _ = ProblemCategory.objects.get_or_create(name="规划", defaults={"days": 7})
        cls.executive = Leader.objects.create(name="王建国", title="常务副市长", rank=LeaderRank.EXECUTIVE_VICE_MAYOR,
                                              region=cls.city)
        cls.mayor = Leader.objects.create(name="李明", title="市长", rank=LeaderRank.MAYOR, region=cls.city)
