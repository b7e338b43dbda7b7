from django.db import models


class SitemapPage(models.Model):
    """When a page of the stories sitemap last changed, so the sitemap index reads its dates in one go.

    Page `number` holds the stories with ids (number - 1) * 1000 + 1 … number * 1000
    (`articles.sitemap_pages.PAGE_SIZE`). The database keeps these rows itself,
    with triggers on the articles table (`articles/sitemap_pages.py`), so every
    way of writing a story (a save, a queryset update, a bulk import, COPY)
    dates its page; Django only reads them.
    """

    number = models.PositiveIntegerField(primary_key=True)
    lastmod = models.DateTimeField()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"sitemap page {self.number}"
