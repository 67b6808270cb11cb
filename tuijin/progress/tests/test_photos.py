import io
import tempfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tuijin.progress import services
from tuijin.progress.models import ReportPhoto
from tuijin.progress.testing import PeriodTestCase

MEDIA = tempfile.mkdtemp(prefix="tuijin-media-")


def jpeg_with_exif(taken="2026:11:03 10:15:00", colour="red"):
    image = Image.new("RGB", (64, 48), colour)
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = taken
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@override_settings(MEDIA_ROOT=MEDIA)
class PhotoTestCase(PeriodTestCase):
    """A report of region A's project, its photo page, and its editor logged in."""

    def setUp(self):
        self.report, _ = services.save_report(self.project_a, self.period, {"completed": Decimal("5")},
                                              actor=self.region_a_editor)
        self.url = reverse("progress:report_photos", args=[self.report.pk])
        self.client.force_login(self.region_a_editor)

    def upload(self, data, name="现场.jpg"):
        return self.client.post(self.url, {"image": SimpleUploadedFile(name, data), "caption": "主体施工"})


class PhotoTests(PhotoTestCase):
    def test_photo_is_kept_with_its_exif_date(self):
        data = jpeg_with_exif()
        self.upload(data)
        photo = ReportPhoto.objects.get()
        self.assertEqual(timezone.localtime(photo.taken_at).strftime("%Y-%m-%d %H:%M"), "2026-11-03 10:15")
        served = self.client.get(reverse("progress:photo_file", args=[photo.pk]))
        self.assertEqual(b"".join(served.streaming_content), data)  # EXIF kept: the very same bytes
        self.assertContains(self.client.get(self.url), "2026-11-03 10:15")

    def test_not_an_image_is_refused(self):
        response = self.upload(b"<script>alert(1)</script>", "photo.jpg")
        self.assertContains(response, "文件不是图片", status_code=400)
        self.assertFalse(ReportPhoto.objects.exists())

    def test_too_large_a_photo_is_refused(self):
        response = self.upload(b"\xff\xd8" + b"0" * (9 * 1024 * 1024))
        self.assertContains(response, "超过上限", status_code=400)

    def test_the_same_photo_twice_is_refused(self):
        data = jpeg_with_exif()
        self.upload(data)
        self.assertContains(self.upload(data), "已经上传过了", status_code=400)

    def test_other_regions_cannot_see_the_photo_or_the_page(self):
        self.upload(jpeg_with_exif())
        photo = ReportPhoto.objects.get()
        self.client.force_login(self.region_b_editor)
        self.assertEqual(self.client.get(reverse("progress:photo_file", args=[photo.pk])).status_code, 404)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_readers_see_photos_but_cannot_add(self):
        self.client.force_login(self.leader_user)
        self.assertNotContains(self.client.get(self.url), "上传照片")
        self.assertEqual(self.upload(jpeg_with_exif()).status_code, 403)


def png_bytes(size=(64, 48), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


def stored_files():
    import os

    return [os.path.join(d, f) for d, _dirs, files in os.walk(MEDIA) for f in files]


class PlantedPhotoTests(PhotoTestCase):
    """A photo cannot plant a page: stored under the detected format's extension, served as that image."""

    def test_a_png_named_html_is_stored_and_served_as_a_png(self):
        self.upload(png_bytes(), "phish.html")
        photo = ReportPhoto.objects.get()
        self.assertTrue(photo.image.name.endswith(".png"), photo.image.name)
        served = self.client.get(reverse("progress:photo_file", args=[photo.pk]))
        self.assertEqual(served["Content-Type"], "image/png")
        self.assertEqual(served["X-Content-Type-Options"], "nosniff")

    def test_a_photo_stored_earlier_under_an_html_name_is_still_served_as_an_image(self):
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        name = default_storage.save("report-photos/old/phish.html", ContentFile(png_bytes()))  # as the old code did
        photo = ReportPhoto.objects.create(report=self.report, image=name, sha256="0" * 64,
                                           uploaded_by=self.region_a_editor)
        served = self.client.get(reverse("progress:photo_file", args=[photo.pk]))
        self.assertEqual(served["Content-Type"], "image/png")

    def test_an_image_with_too_many_pixels_is_refused_with_a_reason(self):
        # 10000 × 5000 = 50 million pixels: a tiny file, far more than any site photo needs.
        response = self.upload(png_bytes((10000, 5000), "1"), "big.png")
        self.assertContains(response, "4000万像素", status_code=400)
        self.assertFalse(ReportPhoto.objects.exists())

    def test_a_photo_whose_save_fails_leaves_no_file(self):
        from unittest import mock

        before = set(stored_files())
        with mock.patch.object(ReportPhoto, "save", side_effect=RuntimeError("database gone")):
            with self.assertRaises(RuntimeError):
                services.add_photo(self.report, SimpleUploadedFile("a.png", png_bytes((65, 48))),
                                   actor=self.region_a_editor)
        self.assertEqual(set(stored_files()) - before, set())
