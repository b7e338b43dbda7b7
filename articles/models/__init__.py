from articles.models.articles import (
    Article,
    ArticleQuerySet,
    ArticleRevision,
    ArticleSlugHistory,
    Byline,
    Origin,
    Status,
    bylines_prefetch,
)
from articles.models.authors import Author, AuthorLink
from articles.models.datelines import Dateline
from articles.models.photos import CreditType, PhotoAsset, PhotoAssetQuerySet, Rendition
from articles.models.sections import Section
from articles.models.tags import Tag

__all__ = [
    "bylines_prefetch",
    "Article", "ArticleQuerySet", "ArticleRevision", "ArticleSlugHistory", "Author", "AuthorLink", "Byline", "Dateline",
    "CreditType", "Origin", "PhotoAsset", "PhotoAssetQuerySet", "Rendition", "Section", "Status", "Tag",
]
