"""One router for the whole API (/api/v1/): every app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from tuijin.approvals.api.views import ProcedureTypeViewSet, ProjectProcedureViewSet
from tuijin.core.audit_api import AuditEntryViewSet
from tuijin.dashboard.api import TodoViewSet
from tuijin.exchange.api.views import ProjectImportViewSet
from tuijin.org.api.views import DepartmentViewSet, RegionViewSet
from tuijin.problems.api.views import MeetingViewSet, ProblemCategoryViewSet, ProblemViewSet
from tuijin.progress.api.views import AnnualPlanViewSet, MonthlyReportViewSet, ReportingPeriodViewSet
from tuijin.projects.api.views import ProjectListViewSet, ProjectViewSet
from tuijin.targets.api.views import ExternalFigureViewSet, IndicatorViewSet, TargetViewSet

app_name = "api"

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("departments", DepartmentViewSet, basename="department")
router.register("projects", ProjectViewSet)
router.register("lists", ProjectListViewSet)
router.register("periods", ReportingPeriodViewSet)
router.register("reports", MonthlyReportViewSet)
router.register("plans", AnnualPlanViewSet)
router.register("problems", ProblemViewSet)
router.register("procedures", ProjectProcedureViewSet)
router.register("procedure-types", ProcedureTypeViewSet, basename="procedure-type")
router.register("problem-categories", ProblemCategoryViewSet, basename="problem-category")
router.register("meetings", MeetingViewSet)
router.register("audit", AuditEntryViewSet)
router.register("todo", TodoViewSet, basename="todo")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("targets", TargetViewSet)
router.register("external-figures", ExternalFigureViewSet)
router.register("list-imports", ProjectImportViewSet)
urlpatterns = router.urls
