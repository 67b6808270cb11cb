"""/api/v1/problems/: the same scope and the same steps as the pages."""

from rest_framework.test import APIClient

from tuijin.problems.models import Problem
from tuijin.problems.testing import ProblemTestCase


class ProblemApiTests(ProblemTestCase):
    def client_for(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_raise_distribute_answer_confirm_close_through_the_api(self):
        editor = self.client_for(self.region_a_editor)
        created = editor.post("/api/v1/problems/", {"project": self.project_a.pk, "category": self.category.pk,
                                                    "description": "施工用水未接通"}, format="json")
        self.assertEqual(created.status_code, 201, created.data)
        pk = created.data["id"]
        coordinator = self.client_for(self.coordinator)
        self.assertEqual(coordinator.post(f"/api/v1/problems/{pk}/distribute/", {"departments": [self.dept_x.pk]},
                                          format="json").status_code, 200)
        answered = self.client_for(self.department).post(f"/api/v1/problems/{pk}/answer/", {"text": "已接通"})
        self.assertEqual(answered.data["status"], "answered")
        self.assertEqual(editor.post(f"/api/v1/problems/{pk}/confirm/").data["status"], "solved")
        self.assertEqual(coordinator.post(f"/api/v1/problems/{pk}/close/").data["status"], "closed")

    def test_scope_and_refusals(self):
        editor = self.client_for(self.region_a_editor)
        pk = editor.post("/api/v1/problems/", {"project": self.project_a.pk, "category": self.category.pk,
                                               "description": "x"}, format="json").data["id"]
        outsider = self.client_for(self.region_b_editor)
        self.assertEqual(outsider.get(f"/api/v1/problems/{pk}/").status_code, 404)
        self.assertEqual(outsider.post(f"/api/v1/problems/{pk}/escalate/", {"text": "x"}).status_code, 404)
        # Another region's project and a project that does not exist get the same answer: ids can't be probed.
        other = outsider.post("/api/v1/problems/", {"project": self.project_a.pk, "category": self.category.pk,
                                                    "description": "x"}, format="json")
        missing = outsider.post("/api/v1/problems/", {"project": 999999, "category": self.category.pk,
                                                      "description": "x"}, format="json")
        self.assertEqual((other.status_code, missing.status_code), (400, 400))
        self.assertEqual(str(other.data), str(missing.data).replace("999999", str(self.project_a.pk)))
        self.assertIn("项目不存在，或您无权对该项目提出问题", str(other.data))
        self.assertEqual(self.client_for(self.department).get(f"/api/v1/problems/{pk}/").status_code, 404)
        self.assertEqual(editor.post(f"/api/v1/problems/{pk}/distribute/", {"departments": [self.dept_x.pk]},
                                     format="json").status_code, 403)
        refused = editor.post(f"/api/v1/problems/{pk}/escalate/", {"text": ""})
        self.assertEqual(refused.status_code, 400)
        self.assertIn("升级须说明理由", str(refused.data))
        self.assertEqual(Problem.objects.get().level, 0)
        self.assertEqual(outsider.get("/api/v1/meetings/").status_code, 200)
