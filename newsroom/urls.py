from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles import views as article_views
from articles.caching import cache_public_page
from articles.login_limits import RateLimitedAdminAuthenticationForm
from articles.media import serve_media
from articles.sitemaps import SITEMAPS

admin.site.site_header = f"{settings.NEWSROOM_NAME} newsroom"
admin.site.site_title = f"{settings.NEWSROOM_NAME} newsroom"
admin.site.index_title = "Desk"
admin.site.login_form = RateLimitedAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", article_views.healthz, name="healthz"),
    path("robots.txt", article_views.robots_txt, name="robots-txt"),
    path("favicon.ico", article_views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        cache_public_page(article_views.sitemap_index),
        {"sitemaps": SITEMAPS},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(article_views.sitemap_section),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
if settings.NEWSROOM_SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}/(?P<path>.+)$", serve_media, name="media"))

# Last: section fronts take any single slug.
urlpatterns.append(path("", include("articles.urls")))

# A database that is down or too slow gives a plain 503, not the 500 page.
handler500 = "articles.database.server_error"
