"""Static files for production: WhiteNoise's compressed storage under hashed names, without source maps."""

from urllib.parse import urlsplit

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Minified CSS and JS end with a comment naming their source map; with the maps left out, that
    name keeps its plain URL (a 404 for browser tools) instead of stopping `collectstatic`. Any other
    missing file (a font, an image) still stops it.

    A process with DEBUG off that never ran `collectstatic` (`make bench`, a test's server) has no
    manifest: its pages name the plain files instead of failing with 500."""

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:  # not in the manifest (none was written)
            return name

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if content is None and urlsplit(name).path.strip().endswith(".map"):
                return name
            raise
