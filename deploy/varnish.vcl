# Varnish 7 in front of the newsroom site, with varnish-modules' xkey.
#
#   apt install varnish varnish-modules
#   varnishd -a :6081 -f /path/to/deploy/varnish.vcl -s malloc,256m
#
# and run the site with NEWSROOM_PURGE_BACKEND=varnish
# NEWSROOM_PURGE_URLS=http://127.0.0.1:6081 (one URL per Varnish server,
# comma-separated). See docs/deploy.md.
#
# Edit these two to match your site: where gunicorn listens, and the
# addresses allowed to purge (the site's hosts and workers).
vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

# ---------------------------------------------------------------------------
# Nothing below needs editing.
#
# - Reader pages are cached for as long as the site's own Cache-Control says
#   (s-maxage, stale-while-revalidate as grace); anything without a public
#   s-maxage (a 404, an error, a page for staff, static files and /media/,
#   whose photos' rights the site checks on each request) is never stored.
# - A signed-in request (the session cookie or an Authorization header),
#   /admin/ and /preview/ always go to the site.
# - The site tells Varnish what changed with a PURGE request carrying the
#   keys in an `xkey-purge` header; every object whose `xkey` header holds
#   one of them is dropped at once (not kept for grace: a withdrawn story
#   must never be served again). A PURGE without that header drops one URL.

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (req.http.xkey-purge) {
            set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.X-Purged));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin(/|$)" || req.url ~ "^/preview/") {
        return (pass);
    }
    # Django's session cookie (SESSION_COOKIE_NAME, "sessionid" unless changed).
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Reader pages do not depend on any other cookie (the site says
    # Vary: Cookie only because staff may be signed in): drop them, so every
    # reader shares one copy.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # The site marks every cacheable reader page "public, max-age=N,
    # s-maxage=N, stale-while-revalidate=M"; Varnish reads s-maxage as the
    # TTL and stale-while-revalidate as the grace. Anything else (no
    # Cache-Control, private, no-cache, a cookie) is passed, never stored.
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(^|[,\s])public([,\s]|$)"
        || beresp.http.Cache-Control ~ "(private|no-cache|no-store)"
        || beresp.http.Cache-Control !~ "s-maxage=[1-9]") {
        set beresp.ttl = 1s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for caches, not for readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}
