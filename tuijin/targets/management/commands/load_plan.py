from django.core.management.base import BaseCommand, CommandError

from tuijin.targets.loading import PlanError, load_plan
from tuijin.targets.plans import PLANS


class Command(BaseCommand):
    help = "Load every target and task a policy document states into its plan (running it again replaces it)."

    def add_arguments(self, parser):
        parser.add_argument("document", choices=sorted(PLANS))
        parser.add_argument("--region", help="区划代码 of the region the plan belongs to (default: the top city)")

    def handle(self, *args, document, region=None, **options):
        try:
            load_plan(document, region, stdout=self.stdout)
        except PlanError as error:
            raise CommandError(str(error)) from error
