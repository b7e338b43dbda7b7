"""`manage.py demo`: load the demo newsroom and print one login per role."""
import os

from django.core.management.base import BaseCommand, CommandError

from articles.demo import specs
from articles.demo.loader import load_demo
from articles.demo.specs import DemoDataError


class Command(BaseCommand):
    help = (
        "Load a demo newsroom: sections, authors with portraits, datelines, photos, about 60 stories "
        "(three scheduled for the next minutes) and one login per role. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--image-scale",
            type=float,
            default=1.0,
            help="Draw photos at this fraction of their full size (default 1.0; tests use a small one).",
        )

    def handle(self, *args, image_scale, **options):
        if not 0 < image_scale <= 1:
            raise CommandError("--image-scale must be more than 0 and at most 1.")
        try:
            data = specs.read()
        except DemoDataError as error:
            raise CommandError(f"The demo data in articles/demo/data/ needs fixing: {error}") from None
        result = load_demo(data, image_scale=image_scale)
        self.stdout.write(self.style.SUCCESS(result.summary()))
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"\nDemo logins (http://127.0.0.1:{port}/admin/):")
        writes_as = next(author.name for author in data.authors if author.slug == data.reporter_author)
        for login in result.logins:
            note = f"writes as {writes_as}" if login.username == "reporter" else ""
            if not login.has_demo_password:
                note = "account existed before: its own password was kept"
            self.stdout.write(f"  {login.username:<10} / {login.password:<15} {login.role:<11} {note}".rstrip())
