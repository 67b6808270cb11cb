"""Test personas and helpers shared by every app's tests.

Two regions under one city, a zone inside region A (so "region includes sub-regions" is tested),
two departments and one user per role. Built once per test class.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import TestCase

from tuijin.core.roles import Role
from tuijin.org.models import Department, Leader, LeaderRank, Region, RegionKind, RoleAssignment


class Personas:
    @classmethod
    def build_personas(cls):
        User = get_user_model()
        cls.city = Region.objects.create(code="211100", name="盘锦市", kind=RegionKind.CITY)
        cls.region_a = Region.objects.create(code="211102", name="双台子区", kind=RegionKind.DISTRICT, parent=cls.city)
        cls.zone_a = Region.objects.create(code="211190", name="双台子园区", kind=RegionKind.ZONE, parent=cls.region_a)
        cls.region_b = Region.objects.create(code="211103", name="兴隆台区", kind=RegionKind.DISTRICT, parent=cls.city)
        cls.dept_x = Department.objects.create(slug="gxj", name="市工业和信息化局", region=cls.city)
        cls.dept_y = Department.objects.create(slug="zrzyj", name="市自然资源局", region=cls.city)

        def person(username, role=None, **scope):
            user = User.objects.create_user(username=username, password="pw-" + username, first_name=username)
            if role:
                RoleAssignment.objects.create(user=user, role=role, **scope)
            return user

        cls.coordinator = person("coordinator", Role.COORDINATOR, region=cls.city)
        cls.region_a_editor = person("region_a", Role.REGION_EDITOR, region=cls.region_a)
        cls.region_b_editor = person("region_b", Role.REGION_EDITOR, region=cls.region_b)
        cls.region_a_reviewer = person("reviewer_a", Role.REGION_REVIEWER, region=cls.region_a)
        cls.department = person("dept_x", Role.DEPARTMENT, department=cls.dept_x)
        cls.leader_user = person("leader", Role.LEADER, region=cls.city)
        cls.leader = Leader.objects.create(name="刘海涛", title="副市长", rank=LeaderRank.VICE_MAYOR, region=cls.city,
                                           user=cls.leader_user)
        cls.secretary = person("secretary", Role.SECRETARY)
        cls.owner = person("owner", Role.OWNER)
        cls.nobody = person("nobody")


def make_project(region, **fields):
    """The projects app's factory (`tuijin.projects.factories.make_project`), here beside the personas."""
    from tuijin.projects.factories import make_project

    return make_project(region, **fields)


class PersonaTestCase(Personas, TestCase):
    """Personas plus one project in region A (led by department X), one in A's zone, one in region B."""

    @classmethod
    def setUpTestData(cls):
        cls.build_personas()
        cls.project_a = make_project(cls.region_a, name="双台子化工项目", lead_department=cls.dept_x,
                                     secretary=cls.secretary, owner_users=[cls.owner])
        cls.project_zone = make_project(cls.zone_a, name="园区配套项目", total_investment=Decimal("3000"))
        cls.project_b = make_project(cls.region_b, name="兴隆台道路项目", category="infrastructure", industry="G",
                                     responsible_departments=[cls.dept_x], total_investment=Decimal("250000"))
