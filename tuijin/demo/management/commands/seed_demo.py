"""Load the demo city (盘锦市): organisation, accounts, ~1,500 synthetic projects, their stage history
and the 六个清单 (with --org-only: the organisation and the accounts alone). Loads only into a database
without projects or the demo city; with --if-empty it then does nothing instead of refusing."""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tuijin.core.bulk import refresh_planner_statistics
from tuijin.core.dates import today
from tuijin.core.models import Setting
from tuijin.core.roles import Role
from tuijin.demo import org as demo_org
from tuijin.demo.approvals import seed_approvals
from tuijin.demo.problems import seed_problems
from tuijin.demo.progress import seed_progress
from tuijin.demo.projects import synthetic_project
from tuijin.org.models import Department, Leader, Region, RoleAssignment
from tuijin.projects import services
from tuijin.projects.choices import Category, FundingSource, ListRule, Stage
from tuijin.projects.factories import make_projects
from tuijin.projects.models import Project, ProjectFunding, ProjectList, ProjectListMembership, StageTransition

PASSWORD = "tuijin-demo"


class Command(BaseCommand):
    help = "载入演示城市（盘锦市）的合成数据，演示账号密码均为 tuijin-demo"

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=1500)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="数据库已有项目时什么也不做")
        parser.add_argument("--org-only", action="store_true", help="只载入组织机构和演示账号，不生成项目")

    def handle(self, *args, projects, seed, if_empty, org_only, **options):
        loaded = ("项目" if Project.objects.exists() else
                  "演示城市" if Region.objects.filter(code=demo_org.CITY[0]).exists() else None)
        if loaded:
            if if_empty:
                self.stdout.write(f"数据库中已有{loaded}，跳过演示数据。")
                return
            raise CommandError(f"数据库中已有{loaded}：演示数据只能载入空库。")
        with transaction.atomic():
            self.seed(projects, random.Random(seed), org_only=org_only)
            if not org_only:
                call_command("backfill_audit", stdout=self.stdout)  # the demo city's /audit/ is not empty
        refresh_planner_statistics()
        if org_only:
            self.stdout.write(self.style.SUCCESS("已载入演示城市的组织机构和演示账号（无项目）。"))
            return
        self.stdout.write(self.style.SUCCESS(f"已载入演示城市：{Project.objects.count()} 个项目。"))

    def seed(self, count, rng, *, org_only=False):
        Setting.put("demo_data", "true")
        password = make_password(PASSWORD)  # hashed once: a hundred PBKDF2 runs would take a minute
        User = get_user_model()

        def user(username, full_name, **extra):
            return User.objects.create(username=username, first_name=full_name, password=password, **extra)

        province = Region.objects.create(code=demo_org.PROVINCE[0], name=demo_org.PROVINCE[1],
                                         short_name=demo_org.PROVINCE[2], kind=demo_org.PROVINCE[3])
        city = Region.objects.create(code=demo_org.CITY[0], name=demo_org.CITY[1], short_name=demo_org.CITY[2],
                                     kind=demo_org.CITY[3], parent=province)
        regions = [Region.objects.create(code=code, name=name, short_name=short, kind=kind, parent=city,
                                         sort_order=i)
                   for i, (code, name, short, kind) in enumerate(demo_org.REGIONS)]
        departments = [Department.objects.create(slug=slug, name=name, region=city, sort_order=i)
                       for i, (slug, name) in enumerate(demo_org.DEPARTMENTS)]

        user("admin", "系统管理员", is_superuser=True, is_staff=True)
        coordinator = user("coordinator", "项目办 王建国", is_staff=True)
        RoleAssignment.objects.create(user=coordinator, role=Role.COORDINATOR, region=city)
        inspector = user("inspector", "督查室 李红霞")
        RoleAssignment.objects.create(user=inspector, role=Role.INSPECTOR, region=city)
        for region in regions:
            editor = user(f"region_{region.code}", f"{region.short_name}填报员")
            RoleAssignment.objects.create(user=editor, role=Role.REGION_EDITOR, region=region)
            reviewer = user(f"reviewer_{region.code}", f"{region.short_name}审核员")
            RoleAssignment.objects.create(user=reviewer, role=Role.REGION_REVIEWER, region=region)
        for department in departments:
            account = user(f"dept_{department.slug}", department.name)
            RoleAssignment.objects.create(user=account, role=Role.DEPARTMENT, department=department)
        leaders = []
        for n, (name, title, rank) in enumerate(demo_org.LEADERS, start=1):
            account = user(f"leader_{n}", f"{title} {name}")
            RoleAssignment.objects.create(user=account, role=Role.LEADER, region=city)
            leaders.append(Leader.objects.create(name=name, title=title, rank=rank, region=city, user=account))
        secretaries = []
        for n in range(1, demo_org.SECRETARY_COUNT + 1):
            name = rng.choice(demo_org.SURNAMES) + rng.choice(demo_org.GIVEN)
            account = user(f"secretary_{n}", name)
            RoleAssignment.objects.create(user=account, role=Role.SECRETARY)
            secretaries.append(account)
        owners = []
        for n in range(1, demo_org.OWNER_COUNT + 1):
            account = user(f"owner_{n}", f"项目单位{n}")
            RoleAssignment.objects.create(user=account, role=Role.OWNER)
            owners.append(account)
        if org_only:
            return

        day = today()
        region_weights = [18, 22, 16, 16, 18, 10]
        rows = [synthetic_project(rng, i, rng.choices(regions, region_weights)[0], departments, leaders, day)
                for i in range(1, count + 1)]
        # Every project ≥ 5000 万 gets a secretary while one is free (at most 3 each, as 大连 rules).
        slots = [s for s in secretaries for _ in range(3)]
        rng.shuffle(slots)
        for project in sorted(rows, key=lambda p: -p.total_investment):
            if project.total_investment >= 5000 and slots and rng.random() < 0.9:
                project.secretary = slots.pop()
        projects = make_projects(rows, actor=coordinator, reason="演示数据生成", batch_size=500)
        self.add_relations(rng, projects, departments, owners, coordinator)
        self.add_transitions(rng, projects, coordinator)
        self.add_lists(rng, city, projects)
        seed_progress(rng, city, projects, coordinator, day)
        editors = {a.region_id: a.user for a in RoleAssignment.objects.filter(role=Role.REGION_EDITOR)
                   .select_related("user")}
        seed_problems(rng, city, projects, coordinator, editors, departments, leaders, day)
        seed_approvals(rng, projects, day)

    def add_relations(self, rng, projects, departments, owners, coordinator):
        through = Project.responsible_departments.through
        links, owner_links, funding = [], [], []
        for project in projects:
            for department in rng.sample(departments, rng.randint(1, 3)):
                if department != project.lead_department:
                    links.append(through(project=project, department=department))
            if rng.random() < 0.1:
                owner_links.append(Project.owner_users.through(project=project, user=rng.choice(owners)))
            if project.stage != Stage.RESERVE:
                # A few outside sources, the owner's own money covering the rest of the total.
                remaining = project.total_investment
                outside = [s for s in FundingSource if s != FundingSource.SELF_RAISED]
                for source in rng.sample(outside, rng.randint(0, 3)):
                    share = (remaining * rng.choice([10, 20, 30])) // 100
                    funding.append(ProjectFunding(project=project, source=source, amount=share))
                    remaining -= share
                funding.append(ProjectFunding(project=project, source=FundingSource.SELF_RAISED, amount=remaining))
        through.objects.bulk_create(links, batch_size=1000)
        Project.owner_users.through.objects.bulk_create(owner_links, batch_size=1000)
        ProjectFunding.objects.bulk_create(funding, batch_size=1000)

    def add_transitions(self, rng, projects, actor):
        path = {
            Stage.RESERVE: [Stage.RESERVE],
            Stage.PREPARATION: [Stage.RESERVE, Stage.PREPARATION],
            Stage.CONSTRUCTION: [Stage.RESERVE, Stage.PREPARATION, Stage.CONSTRUCTION],
            Stage.COMPLETED: [Stage.RESERVE, Stage.PREPARATION, Stage.CONSTRUCTION, Stage.COMPLETED],
            Stage.OPERATING: [Stage.RESERVE, Stage.PREPARATION, Stage.CONSTRUCTION, Stage.COMPLETED,
                              Stage.OPERATING],
            Stage.SUSPENDED: [Stage.RESERVE, Stage.PREPARATION, Stage.CONSTRUCTION, Stage.SUSPENDED],
            Stage.WITHDRAWN: [Stage.RESERVE, Stage.WITHDRAWN],
        }
        rows = []
        for project in projects:
            previous = ""
            for stage in path[Stage(project.stage)]:
                effective = None
                if stage == Stage.CONSTRUCTION:
                    effective = project.actual_start
                elif stage == Stage.COMPLETED:
                    effective = project.actual_completion
                reason = {Stage.SUSPENDED: "资金未落实，暂缓建设", Stage.WITHDRAWN: "企业投资意向变化，调出项目库"}
                rows.append(StageTransition(project=project, from_stage=previous, to_stage=stage, actor=actor,
                                            effective_date=effective, reason=reason.get(stage, "演示数据生成"),
                                            evidence=project.construction_permit if stage == Stage.CONSTRUCTION
                                            else ""))
                previous = stage
        StageTransition.objects.bulk_create(rows, batch_size=1000)

    def add_lists(self, rng, city, projects):
        year = today().year
        rule_lists = [
            ProjectList(name="亿元以上项目清单", year=year, region=city, rule=ListRule.INVESTMENT,
                        min_total_investment=10000),
            ProjectList(name="若干重大工程清单", year=year, region=city, rule=ListRule.INVESTMENT,
                        min_total_investment=100000, categories="infrastructure,industry"),
        ]
        manual = {
            "战略性新兴产业项目清单": [p for p in projects if p.industry in ("C", "I", "M")
                                      and p.category == Category.INDUSTRY and rng.random() < 0.25],
            "平台经济项目清单": [p for p in projects if p.industry == "I"],
            "已签约拟落地项目清单": [p for p in projects if p.signed_date and p.stage in (Stage.RESERVE,
                                                                                       Stage.PREPARATION)],
            "争取中央资金项目清单": [p for p in projects if p.category in (Category.INFRASTRUCTURE, Category.SOCIAL,
                                                                          Category.ECOLOGY) and rng.random() < 0.3],
        }
        for project_list in rule_lists:
            project_list.save()
            services.recompute_list(project_list)
        for name, members in manual.items():
            project_list = ProjectList.objects.create(name=name, year=year, region=city, rule=ListRule.MANUAL)
            ProjectListMembership.objects.bulk_create(
                [ProjectListMembership(project_list=project_list, project=p) for p in members])
        batch = ProjectList.objects.create(name="春季集中开工项目", year=year, region=city, rule=ListRule.MANUAL)
        ProjectListMembership.objects.bulk_create(
            [ProjectListMembership(project_list=batch, project=p) for p in projects
             if p.actual_start and p.actual_start.year == year and p.actual_start.month in (3, 4, 5)])
