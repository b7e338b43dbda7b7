from articles.models.articles import (
    Article,
    ArticleQuerySet,
    ArticleRevision,
    ArticleSlugHistory,
    ArticleTransition,
    Byline,
    Correction,
    CorrectionKind,
    Origin,
    Status,
    bylines_prefetch,
    visible_at_q,
)
from articles.models.authors import Author, AuthorLink
from articles.models.datelines import Dateline
from articles.models.photos import PhotoAsset, Rendition
from articles.models.sections import Section
from articles.models.tags import Tag

__all__ = [
    "bylines_prefetch", "visible_at_q",
    "Article", "ArticleQuerySet", "ArticleRevision", "ArticleSlugHistory", "ArticleTransition", "Author",
    "AuthorLink", "Byline", "Correction", "CorrectionKind", "Dateline", "Origin", "PhotoAsset", "Rendition",
    "Section", "Status", "Tag",
]
