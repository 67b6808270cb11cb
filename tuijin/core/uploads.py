"""Uploaded files — site photos, procedure documents, problem attachments — under one rule:

- checked before anything is stored: size, and type (a photo must be an image Pillow reads, of a sane
  pixel count; a document must have a type from `DOCUMENT_TYPES`);
- stored under a name of ours: a photo's extension comes from the format Pillow detected, a document's from
  the whitelist — never what the uploader called it, so no upload becomes `.html` on our address;
- written inside `atomic_with_files()`, which deletes what it wrote when the block fails, so a refused or
  rolled-back upload leaves nothing in MEDIA_ROOT;
- served back with a type we chose: an image inline as `image/<detected format>`, anything else as a
  download (`Content-Disposition: attachment`), and always `X-Content-Type-Options: nosniff`.
"""

import contextvars
import os
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image

from tuijin.core.lib.photos import IMAGE_EXTENSIONS, IMAGE_TYPES, PhotoError, inspect_photo

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
OCTET_STREAM = "application/octet-stream"
# What may be attached to a procedure or a problem, and the type a download is sent with.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "wps": OCTET_STREAM,
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "et": OCTET_STREAM,
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "txt": "text/plain; charset=utf-8",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "zip": "application/zip",
    "rar": "application/vnd.rar",
    "7z": "application/x-7z-compressed",
}
DOCUMENT_KINDS = "PDF、OFD、Word、Excel、WPS、PowerPoint、文本、图片（JPEG、PNG、WebP）或压缩包（ZIP、RAR、7z）"
ACCEPT = ",".join(f".{ext}" for ext in DOCUMENT_TYPES)  # the file picker's filter
STEM_CHARS = 40  # FileField paths are 100 characters at most


def extension(filename):
    stem, dot, ext = os.path.basename(filename or "").rpartition(".")
    return ext.lower() if dot and stem else ""


def check_attachment(upload):
    """Refuse a document that is too large or of a type not in `DOCUMENT_TYPES`, before it is stored."""
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("附件“%(n)s”超过 20 MB，请压缩或拆分后再上传") % {"n": upload.name})
    if extension(upload.name) not in DOCUMENT_TYPES:
        raise ValidationError(_("“%(n)s”不能作为附件上传；请上传 %(kinds)s") % {"n": upload.name, "kinds": DOCUMENT_KINDS})


def document_name(filename):
    """The name a document is stored under: the uploader's words, cleaned and shortened, and an extension
    from the whitelist (`bin` for one that bypassed `check_attachment`, such as an admin upload)."""
    ext = extension(filename)
    stem = get_valid_filename(os.path.basename(filename).rsplit(".", 1)[0] if ext else os.path.basename(filename))
    return f"{stem[:STEM_CHARS] or 'file'}.{ext if ext in DOCUMENT_TYPES else 'bin'}"


def image_extension(filename):
    """A photo's stored extension: only one that names an image format we accept."""
    ext = extension(filename)
    return ext if ext in IMAGE_EXTENSIONS.values() else "bin"


def check_photo(upload, *, max_bytes):
    """The bytes of an uploaded photo, its detected format and the date the camera wrote, or a
    ValidationError saying what is wrong with it."""
    data = upload.read()
    upload.seek(0)
    try:
        image_format, taken_at = inspect_photo(data, max_bytes=max_bytes)
    except PhotoError as error:
        raise ValidationError(str(error)) from None
    return data, image_format, taken_at


def photo_name(stem, image_format):
    return f"{stem}.{IMAGE_EXTENSIONS[image_format]}"


_written = contextvars.ContextVar("tuijin_uploads_written", default=None)


@contextmanager
def atomic_with_files():
    """`transaction.atomic()` that also removes the files `store()` wrote in it when it fails. Nested blocks
    clean up their own part (a caught failure inside does not leave files behind either)."""
    written = _written.get()
    token = None
    if written is None:
        written = []
        token = _written.set(written)
    start = len(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in written[start:]:
            storage.delete(name)
        del written[start:]
        raise
    finally:
        if token is not None:
            _written.reset(token)


def store(fieldfile, name, content):
    """Write an upload to its field's storage (the model row is saved by the caller), remembered so that
    the enclosing `atomic_with_files()` deletes it if the transaction fails."""
    fieldfile.save(name, content, save=False)
    written = _written.get()
    if written is not None:
        written.append((fieldfile.storage, fieldfile.name))


def detected_image_format(handle):
    """The format Pillow reads from the file's bytes (whatever the file is called), or None."""
    try:
        with Image.open(handle) as image:
            image_format = image.format
    except Exception:  # not an image, truncated, a decompression bomb: not served as an image
        image_format = None
    handle.seek(0)
    return image_format if image_format in IMAGE_TYPES else None


def _no_sniffing(response):
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_attachment(fieldfile, filename=None):
    """A stored file as a download, typed by its stored (whitelisted) extension."""
    name = filename or os.path.basename(fieldfile.name)
    content_type = DOCUMENT_TYPES.get(extension(fieldfile.name), OCTET_STREAM)
    return _no_sniffing(FileResponse(fieldfile.open("rb"), as_attachment=True, filename=name,
                                     content_type=content_type))


def serve_image(fieldfile):
    """A stored photo inline, as the image type its bytes show; a file that is not one is a download."""
    handle = fieldfile.open("rb")
    image_format = detected_image_format(handle)
    if image_format is None:
        handle.close()
        return serve_attachment(fieldfile)
    return _no_sniffing(FileResponse(handle, content_type=IMAGE_TYPES[image_format]))
