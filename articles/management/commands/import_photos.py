"""`manage.py import_photos PATH...`: the photo desk's hot folder."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.management.files import files_in
from articles.services.photos import photo_import

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"}


class Command(BaseCommand):
    help = (
        "Import photos from files or folders with the upload page's rules: caption, credit, date and alt text "
        "from IPTC/XMP/EXIF. Exits non-zero if any file was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, paths, **options):
        imported, refused = 0, []
        for path in files_in(paths, suffixes=PHOTO_SUFFIXES):
            if not path.is_file():
                refused.append(f"{path}: no such file")
                continue
            try:
                photo = photo_import(path=path)
            except ValidationError as error:
                refused.append(f"{path}: {' '.join(error.messages)}")
                continue
            imported += 1
            self.stdout.write(f"Imported {path} as photo {photo.pk}: {photo.credit or 'no credit'}")
        for line in refused:
            self.stderr.write(f"Refused {line}")
        summary = f"{imported} imported, {len(refused)} refused."
        if refused:
            raise CommandError(summary)
        self.stdout.write(summary)
