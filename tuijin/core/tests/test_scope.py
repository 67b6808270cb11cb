"""Who may act, answered by the scope object, on a small tree:

    辽宁省 210000
    └── 盘锦市 211100
        ├── 双台子区 211102
        │   └── 双台子园区 211190
        └── 兴隆台区 211103
"""

from django.contrib.auth import get_user_model
from django.test import TestCase

from tuijin.core.models import Setting
from tuijin.core.roles import Role
from tuijin.core.scope import UserScope, scope_of
from tuijin.core.testing import make_project
from tuijin.org.models import Region, RegionKind, RoleAssignment


class ScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = Region.objects.create(code="210000", name="辽宁省", kind=RegionKind.PROVINCE)
        cls.city = Region.objects.create(code="211100", name="盘锦市", kind=RegionKind.CITY, parent=cls.province)
        cls.a = Region.objects.create(code="211102", name="双台子区", kind=RegionKind.DISTRICT, parent=cls.city)
        cls.zone = Region.objects.create(code="211190", name="双台子园区", kind=RegionKind.ZONE, parent=cls.a)
        cls.b = Region.objects.create(code="211103", name="兴隆台区", kind=RegionKind.DISTRICT, parent=cls.city)
        cls.users = {}
        for name, roles in {
            "coordinator": [(Role.COORDINATOR, cls.city)],
            "leader": [(Role.LEADER, cls.city)],
            "editor_a": [(Role.REGION_EDITOR, cls.a)],
            "reviewer_a": [(Role.REGION_REVIEWER, cls.a)],
            # Coordinates 兴隆台区 and types 双台子区's reports: a coordinator of B, not of A.
            "mixed": [(Role.COORDINATOR, cls.b), (Role.REGION_EDITOR, cls.a)],
            "secretary": [(Role.SECRETARY, None)],
            "owner": [(Role.OWNER, None)],
            "nobody": [],
        }.items():
            user = get_user_model().objects.create_user(username=name, password="pw")
            for role, region in roles:
                RoleAssignment.objects.create(user=user, role=role, region=region)
            cls.users[name] = user
        cls.admin = get_user_model().objects.create_superuser("root", password="pw")
        cls.project_zone = make_project(cls.zone, name="园区项目", secretary=cls.users["secretary"],
                                        owner_users=[cls.users["owner"]])
        cls.project_b = make_project(cls.b, name="兴隆台项目")

    def scope(self, name):
        return scope_of(self.admin if name == "admin" else get_user_model().objects.get(username=name))

    def test_home_region_is_the_highest_region_read(self):
        self.assertEqual(self.scope("leader").home_region, self.city)
        self.assertEqual(self.scope("editor_a").home_region, self.a)
        # Two assignments: the highest (fewest levels) wins; 211102 and 211103 are equal, the first code.
        self.assertEqual(self.scope("mixed").home_path, "210000/211100/211102/")

    def test_home_region_without_a_region_is_where_the_tree_branches(self):
        # The province holds only the city, so the city is where figures break down.
        self.assertEqual(self.scope("admin").home_region, self.city)
        self.assertEqual(self.scope("secretary").home_region, self.city)
        self.assertIsNone(self.scope("secretary").home_path)

    def test_covers_its_read_subtrees_only(self):
        leader, editor = self.scope("leader"), self.scope("editor_a")
        self.assertTrue(leader.covers(self.zone))
        self.assertFalse(leader.covers(self.province))
        self.assertTrue(editor.covers(self.zone) and editor.covers(self.a.path))
        self.assertFalse(editor.covers(self.b))
        self.assertFalse(editor.covers(self.city))
        self.assertTrue(self.scope("admin").covers(self.province))
        self.assertFalse(self.scope("secretary").covers(self.city))

    def test_touches_the_regions_above_its_subtrees_too(self):
        editor = self.scope("editor_a")
        self.assertTrue(editor.touches(self.city))  # the city's leaders concern a district's users
        self.assertTrue(editor.touches(self.zone))
        self.assertFalse(editor.touches(self.b))  # a sibling district is neither inside nor above

    def test_may_edit_region(self):
        self.assertTrue(self.scope("editor_a").may_edit_region(self.zone))
        self.assertFalse(self.scope("editor_a").may_edit_region(self.b))
        self.assertTrue(self.scope("coordinator").may_edit_region(self.b))
        self.assertFalse(self.scope("leader").may_edit_region(self.a))
        self.assertFalse(self.scope("reviewer_a").may_edit_region(self.a))

    def test_may_review_a_project_or_a_region(self):
        reviewer = self.scope("reviewer_a")
        self.assertTrue(reviewer.may_review(self.project_zone))
        self.assertTrue(reviewer.may_review(self.a))
        self.assertFalse(reviewer.may_review(self.project_b))
        self.assertFalse(self.scope("editor_a").may_review(self.project_zone))
        self.assertTrue(self.scope("coordinator").may_review(self.project_b))

    def test_coordinates_only_a_coordinator_subtree(self):
        self.assertTrue(self.scope("coordinator").coordinates(self.zone))
        self.assertFalse(self.scope("coordinator").coordinates(self.province))
        mixed = self.scope("mixed")
        self.assertTrue(mixed.coordinates(self.b))
        # It edits 双台子区 but does not coordinate it (an editor's subtree is not a coordinator's).
        self.assertTrue(mixed.may_edit_region(self.a))
        self.assertFalse(mixed.coordinates(self.a))
        self.assertFalse(self.scope("editor_a").coordinates(self.a))
        self.assertFalse(self.scope("leader").coordinates(self.city))
        self.assertTrue(self.scope("admin").coordinates(self.province))

    def test_may_amend_is_the_coordinator_of_the_report_region(self):
        class Report:  # a report reaches its region through its project
            project = self.project_zone

        self.assertTrue(self.scope("coordinator").may_amend(Report()))
        self.assertFalse(self.scope("editor_a").may_amend(Report()))
        self.assertFalse(self.scope("mixed").may_amend(Report()))
        self.assertTrue(self.scope("mixed").may_amend(self.b))

    def test_may_fill_editor_always_owner_and_secretary_when_the_city_allows(self):
        self.assertTrue(self.scope("editor_a").may_fill(self.project_zone))
        self.assertFalse(self.scope("editor_a").may_fill(self.project_b))
        self.assertFalse(self.scope("leader").may_fill(self.project_zone))
        self.assertFalse(self.scope("secretary").may_fill(self.project_zone))
        self.assertFalse(self.scope("owner").may_fill(self.project_zone))
        Setting.put("owners_may_report", "true")
        self.assertTrue(self.scope("secretary").may_fill(self.project_zone))
        self.assertTrue(self.scope("owner").may_fill(self.project_zone))
        self.assertFalse(self.scope("secretary").may_fill(self.project_b))
        self.assertFalse(self.scope("owner").may_fill(self.project_b))
        self.assertFalse(self.scope("nobody").may_fill(self.project_zone))
        self.assertFalse(self.scope("secretary").may_fill(self.project_zone, owners_may_report=False))

    def test_fillable_by_is_may_fill_for_many_projects(self):
        from tuijin.projects.models import Project

        for setting in ("false", "true"):
            Setting.put("owners_may_report", setting)
            for name in ("editor_a", "coordinator", "leader", "secretary", "owner", "nobody", "mixed"):
                user = get_user_model().objects.get(username=name)
                fillable = set(Project.objects.fillable_by(user))
                with self.subTest(setting=setting, user=name):
                    self.assertEqual(fillable, {p for p in (self.project_zone, self.project_b)
                                                if scope_of(user).may_fill(p)})

    def test_an_empty_scope_may_do_nothing(self):
        nobody = UserScope()
        self.assertIsNone(nobody.home_path)
        for method in (nobody.covers, nobody.touches, nobody.may_edit_region, nobody.coordinates,
                       nobody.may_review, nobody.may_amend):
            self.assertFalse(method(self.zone), method.__name__)
        self.assertFalse(nobody.may_fill(self.project_zone))

    def test_region_querysets_follow_the_scope(self):
        self.assertEqual(set(self.city.subtree()), {self.city, self.a, self.zone, self.b})
        self.assertEqual(set(Region.objects.editable_by(self.users["editor_a"])), {self.a, self.zone})
        self.assertEqual(set(Region.objects.editable_by(self.users["leader"])), set())
        self.assertEqual(set(Region.objects.coordinated_by(self.users["mixed"])), {self.b})
        self.assertEqual(Region.objects.editable_by(self.admin).count(), 5)
