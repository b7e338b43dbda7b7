"""`manage.py import_ninjs PATH... [--section SLUG] [--publish] [--photos]`: wire ingest."""

from django.core.management.base import BaseCommand, CommandError

from articles.management.files import files_in
from articles.models import Section
from articles.services.wire import wire_import_path


class Command(BaseCommand):
    help = (
        "Import IPTC ninjs wire items, 1.x, 2.x or 3.x (a file with one item or a list, or a folder of them). "
        "Each item is imported or refused on its own, with one line each; exits non-zero if any was refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--section", help="Section slug for new stories (default: the first in the navigation).")
        parser.add_argument(
            "--publish", action="store_true",
            help="Publish new stories at the wire's own time (first created), held until any embargo lifts.",
        )
        parser.add_argument("--photos", action="store_true", help="Also import picture items into the photo library.")

    def handle(self, *args, paths, section=None, publish=False, photos=False, **options):
        target = self.target_section(section)
        reports = []
        for path in files_in(paths, suffixes={".json"}):
            for report in wire_import_path(path, section=target, publish=publish, photos=photos):
                reports.append(report)
                (self.stderr if report.refused else self.stdout).write(str(report))
        refused = sum(report.refused for report in reports)
        counts = {}
        for report in reports:
            if not report.refused:
                counts[report.outcome.rstrip(":")] = counts.get(report.outcome.rstrip(":"), 0) + 1
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "nothing imported"
        summary += f"; {refused} refused."
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
