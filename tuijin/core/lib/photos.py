"""Checking an uploaded photo: an image (not a script with a .jpg name), not too large, and the date
the camera wrote into it."""

import datetime
import io

from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
# Far above any phone camera, far below what a decompression bomb declares.
Image.MAX_IMAGE_PIXELS = 60_000_000
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 36867
DATETIME = 306


class PhotoError(ValueError):
    pass


def inspect_photo(data, *, max_bytes):
    """Returns (format, taken_at as a naive local datetime or None); raises PhotoError with a reason."""
    if len(data) > max_bytes:
        raise PhotoError(f"照片 {len(data) / 1024 / 1024:.1f} MB，超过上限 {max_bytes // 1024 // 1024} MB")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
    except Image.DecompressionBombError:
        raise PhotoError("图片像素数异常巨大，已拒绝") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoError("文件不是图片（只接受 JPEG、PNG、WebP 照片）") from None
    if image_format not in ALLOWED_FORMATS:
        raise PhotoError(f"不支持 {image_format} 格式，请上传 JPEG、PNG 或 WebP 照片")
    text = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    taken_at = None
    if isinstance(text, str):
        try:
            taken_at = datetime.datetime.strptime(text.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
        except ValueError:
            taken_at = None
    return image_format, taken_at
