"""`manage.py import_ninjs PATH... [--section SLUG] [--publish]`: wire ingest."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.management.files import files_in
from articles.models import Section
from articles.services.wire import article_import_wire_story, read_ninjs_file


class Command(BaseCommand):
    help = (
        "Import IPTC ninjs 2.x wire items (a file with one item or a list, or a folder of them) as stories. "
        "Each file goes in whole or not at all; exits non-zero if any file was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--section", help="Section slug for new stories (default: the first in the navigation).")
        parser.add_argument("--publish", action="store_true", help="Publish new stories now (or at their embargo).")

    def handle(self, *args, paths, section=None, publish=False, **options):
        target = self.target_section(section)
        refused, counts = [], {}
        for path in files_in(paths, suffixes={".json"}):
            if not path.is_file():
                refused.append(f"{path}: no such file")
                continue
            try:
                stories = read_ninjs_file(path)
                with transaction.atomic():  # a file goes in whole or not at all
                    results = [article_import_wire_story(story=s, section=target, publish=publish) for s in stories]
            except ValidationError as error:
                refused.append(f"{path}: {' '.join(error.messages)}")
                continue
            for article, outcome in results:
                counts[outcome] = counts.get(outcome, 0) + 1
                label = f"{article.headline} ({article.state_label()})" if article else ""
                self.stdout.write(f"{path}: {outcome} {label}".rstrip())
        for line in refused:
            self.stderr.write(f"Refused {line}")
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "nothing imported"
        summary += f"; {len(refused)} file(s) refused."
        if refused:
            raise CommandError(summary)
        self.stdout.write(summary)

    def target_section(self, slug):
        if slug:
            section = Section.objects.filter(slug=slug).first()
            if section is None:
                raise CommandError(f"No section with the slug “{slug}”.")
            return section
        section = Section.objects.active().first()
        if section is None:
            raise CommandError("There are no sections yet; create one, or pass --section.")
        return section
