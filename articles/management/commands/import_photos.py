"""`manage.py import_photos PATH...`: the photo desk's hot folder."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.management.files import files_in
from articles.services.photos import DuplicatePhoto, photo_import

# Folders are scanned for these names; the bytes decide what is accepted (so
# a TIFF or GIF dropped in the hot folder is named with the reason it was refused).
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".tif", ".tiff", ".gif"}


class Command(BaseCommand):
    help = (
        "Import photos from files or folders with the upload page's rules: caption, credit, rights, date and "
        "alt text from IPTC/XMP/EXIF. A file already in the library is skipped, naming the photo and the "
        "stories that use it. Every file in a folder that is not taken is named, with the reason. "
        "Exits non-zero if any file was refused or not taken."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, paths, **options):
        imported, duplicates, refused, skipped = 0, 0, [], []
        for path in files_in(paths, suffixes=PHOTO_SUFFIXES, skipped=skipped):
            if not path.is_file():
                refused.append(f"{path}: no such file")
                continue
            try:
                photo = photo_import(path=path)
            except DuplicatePhoto as duplicate:
                duplicates += 1
                self.stdout.write(f"Skipped {path}: {duplicate.messages[0]}")
                continue
            except ValidationError as error:
                refused.append(f"{path}: {' '.join(error.messages)}")
                continue
            imported += 1
            self.stdout.write(f"Imported {path} as photo {photo.pk}: {photo.credit or 'no credit'}")
        for line in refused:
            self.stderr.write(f"Refused {line}")
        # A file the folder holds but the command did not take is named too: nothing is dropped without a word.
        kinds = ", ".join(sorted(PHOTO_SUFFIXES))
        for path in skipped:
            self.stderr.write(f"Not taken {path}: not a picture file by its name (the hot folder reads {kinds})")
        summary = f"{imported} imported, {len(refused)} refused"
        if skipped:
            summary += f", {len(skipped)} not taken (not picture files)"
        summary += f". {duplicates} already in the library."
        if refused or skipped:
            raise CommandError(summary)
        self.stdout.write(summary)
