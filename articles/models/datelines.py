from django.db import models


class Dateline(models.Model):
    """A place as the newsroom prints it at the head of a story."""

    place = models.CharField(
        max_length=80,
        unique=True,
        help_text='Printed as typed, in capitals by convention: "MOSCOW", "KABUL, Afghanistan".',
    )
    country = models.CharField(max_length=80, blank=True, help_text="For search and filtering; not printed.")

    class Meta:
        ordering = ["place"]

    def __str__(self):
        return self.place
