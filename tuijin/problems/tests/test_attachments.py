"""Problem attachments: a type whitelist and the size limit, checked before anything is stored; a problem
that fails leaves no file behind; a download is always a download."""

import os
import tempfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tuijin.problems import services
from tuijin.problems.models import Problem
from tuijin.problems.testing import ProblemTestCase

MEDIA = tempfile.mkdtemp(prefix="tuijin-problems-")


def stored_files():
    return [f for _d, _dirs, files in os.walk(MEDIA) for f in files]


@override_settings(MEDIA_ROOT=MEDIA)
class ProblemAttachmentTests(ProblemTestCase):
    def raise_with(self, *uploads):
        return services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                      description="用地指标不足", attachments=list(uploads))

    def test_a_second_attachment_refused_leaves_neither_file_nor_problem(self):
        before = stored_files()
        with self.assertRaises(ValidationError) as caught:
            self.raise_with(SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test"),
                            SimpleUploadedFile("现场.pdf", b"0" * (20 * 1024 * 1024 + 1)))
        self.assertIn("超过 20 MB", str(caught.exception))
        self.assertEqual(stored_files(), before)
        self.assertFalse(Problem.objects.exists())

    def test_a_page_is_refused_with_what_to_upload_instead(self):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(reverse("problems:problem_add"), {
            "project": self.project_a.pk, "category": self.category.pk, "description": "用地指标不足",
            "attachments": [SimpleUploadedFile("phish.html", b"<script>alert(1)</script>", "text/html")]})
        self.assertContains(response, "不能作为附件上传", status_code=400)
        self.assertContains(response, "PDF", status_code=400)
        self.assertFalse(Problem.objects.exists())

    def test_the_attachment_is_stored_under_its_type_and_downloaded(self):
        problem = self.raise_with(SimpleUploadedFile("说明.PDF", b"%PDF-1.4 test"))
        attachment = problem.attachments.get()
        self.assertTrue(attachment.file.name.endswith(".pdf"), attachment.file.name)
        self.client.force_login(self.region_a_editor)
        response = self.client.get(reverse("problems:attachment", args=[attachment.pk]))
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))
        self.assertIn("filename*=utf-8''%E8%AF%B4%E6%98%8E.PDF", response["Content-Disposition"])
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
