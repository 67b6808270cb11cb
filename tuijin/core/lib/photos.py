"""Checking an uploaded photo: an image (not a script with a .jpg name), not too large, and the date
the camera wrote into it."""

import datetime
import io

from PIL import Image, UnidentifiedImageError

# The formats accepted, the extension a photo is stored under and the type it is served as. MPO (a phone's
# multi-picture JPEG) is shown as the JPEG it starts with.
IMAGE_EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}
IMAGE_TYPES = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp",
               "HEIF": "image/heif"}
ALLOWED_FORMATS = set(IMAGE_EXTENSIONS)
# Above what phone cameras save by default (12–48 million pixels), far below what a decompression bomb
# declares. Set for the process, so Pillow also refuses twice this on open wherever it is used.
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
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
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise Image.DecompressionBombError
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(f"图片像素过多（上限{MAX_PIXELS // 10_000}万像素），请缩小尺寸后再上传") from None
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
