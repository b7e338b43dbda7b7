"""The allowlist for story HTML, enforced with nh3 (a real HTML sanitizer).

Everything an editor or a wire feed puts in a story body passes through
`clean_body_html` before it is stored, so templates may print it as safe.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "cite", "q", "hr", "pre", "code",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def clean_body_html(html: str) -> str:
    """Return `html` with only allowlisted tags, attributes and link schemes."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
