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
    TagListing,
    bylines_prefetch,
    goes_live_at,
    visible_at_q,
)
from articles.models.authors import Author, AuthorLink
from articles.models.datelines import Dateline
from articles.models.live import LIVE_UPDATES_SHOWN, Coverage, LiveUpdate, LiveUpdateQuerySet
from articles.models.photos import CreditType, PhotoAsset, PhotoAssetQuerySet, Rendition
from articles.models.sections import Section
from articles.models.sitemaps import SitemapPage
from articles.models.tags import Tag
from articles.models.wire import PendingWireUpdate, WireImport, WireImportLine, WirePicture, WireStory
from articles.models.writing import ArticleAutosave, ArticlePresence, ShareLink

__all__ = [
    "bylines_prefetch", "goes_live_at", "visible_at_q",
    "ArticleAutosave", "ArticlePresence", "ShareLink",
    "LIVE_UPDATES_SHOWN", "Coverage", "LiveUpdate", "LiveUpdateQuerySet",
    "Article", "ArticleQuerySet", "ArticleRevision", "ArticleSlugHistory", "ArticleTransition", "Author",
    "AuthorLink", "Byline", "Correction", "CorrectionKind", "CreditType", "Dateline", "Origin", "PhotoAsset",
    "PhotoAssetQuerySet", "PendingWireUpdate", "Rendition", "Section", "SitemapPage", "Status", "Tag", "TagListing",
    "WireImport", "WireImportLine", "WirePicture", "WireStory",
]
