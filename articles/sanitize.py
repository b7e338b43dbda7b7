"""One allowlist for story HTML: what the editor can make is what the sanitizer keeps.

`BODY_EDITOR_EXTENSIONS` configures django-prose-editor's toolbar (see
articles/widgets.py); the nh3 allowlist is derived from the same dict by the
editor's own `allowlist_from_extensions`, so nothing an editor sees in the
editor disappears on save, and nothing is stored that the editor would drop
when the story is opened again.

Everything an editor, a wire feed or a paste puts in a story body passes
through `clean_body_html` before it is stored, so templates may print it as
safe. Before the allowlist, `normalize_pasted_html` turns what word
processors paste (Word's mso-list paragraphs, Google Docs' bold wrapper and
styled spans, <b>/<i>, h1/h4) into the plain structure the editor makes.
"""

import re
from html import escape, unescape
from html.parser import HTMLParser

import nh3
from django.utils.html import strip_tags
from django_prose_editor.config import allowlist_from_extensions

LINK_SCHEMES = ["http", "https", "mailto"]

BODY_EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": LINK_SCHEMES},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "History": True,
}

_allowlist = allowlist_from_extensions(BODY_EDITOR_EXTENSIONS)
ALLOWED_TAGS = frozenset(_allowlist["tags"])
# rel is not the editor's to set: every link gets the same safe rel below.
ALLOWED_ATTRIBUTES = {tag: set(attrs) - {"rel"} for tag, attrs in _allowlist["attributes"].items()}
ALLOWED_URL_SCHEMES = set(_allowlist.get("url_schemes") or LINK_SCHEMES)

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_body_html(html: str) -> str:
    """Return `html` with only allowlisted tags, attributes and link schemes."""
    if not html:
        return ""
    cleaned = _cleaner.clean(normalize_pasted_html(html))
    # Whitespace between blocks and empty paragraphs (Word's spacer lines, an
    # empty editor's "<p></p>") print as nothing, so they are not stored.
    cleaned = BETWEEN_BLOCKS.sub(r"\1", cleaned)
    return EMPTY_PARAGRAPH.sub("", cleaned).strip()


def strip_tags_safely(html: str) -> str:
    """`html` without its tags (entities left as they are), like Django's strip_tags, for any input.

    strip_tags uses the standard library's parser, which gives up on some
    malformed markup (see normalize_pasted_html); nh3 with no tags allowed
    then gives the text instead.
    """
    try:
        return strip_tags(html or "")
    except Exception:
        return nh3.clean(html or "", tags=set())


BETWEEN_BLOCKS = re.compile(r"(</?(?:p|h2|h3|ul|ol|li|blockquote)>)\s+(?=<|$)")
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>")


# --- Pasted HTML from word processors -------------------------------------------------

BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
NORMAL_WEIGHT = re.compile(r"font-weight\s*:\s*(normal|[1-4]00)", re.IGNORECASE)
WORD_LIST = re.compile(r"mso-list\s*:\s*l(\d+)\s+level(\d+)", re.IGNORECASE)
ORDERED_MARKER = re.compile(r"^\s*(\d+|[a-zA-Z]|[ivxlcIVXLC]+)[.)]\s*$")
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
KEPT_ATTRIBUTES = {"href", "title", "start"}  # nh3 decides on them next
VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr"}
# A pasted table has no place in a story: each row becomes a paragraph, its cells kept apart by this.
CELL_SEPARATOR = " | "
TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup"}


class _PasteNormalizer(HTMLParser):
    """A token rewriter: keeps the structure, renames what word processors use for it, drops the rest to nh3."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []
        self.stack = []  # per open element: the tag written for it ("" = nothing written)
        self.skipping_list_marker = False
        self.marker_text = []
        self.list_open = None  # "ul" / "ol" while Word list paragraphs run
        self.list_id = None
        self.in_word_item = False
        self.cells = None  # inside a table row: how many cells it has had so far
        self.in_cell = 0  # depth of cells (a table in a cell is read flat)
        self.row_start = 0

    # Word writes each list item as <p style="mso-list:l0 level1 lfo1"><![if !supportLists]>·<![endif]>text</p>
    def unknown_decl(self, data):
        if data.strip().lower().startswith("if !supportlists"):
            self.skipping_list_marker = True
            self.marker_text = []
        elif data.strip().lower().startswith("endif") and self.skipping_list_marker:
            self.skipping_list_marker = False
            if self.in_word_item and self.list_open is None:
                self._open_list("".join(self.marker_text))

    def handle_comment(self, data):
        # Word's <!--[if !supportLists]--> form of the same marker.
        self.unknown_decl(data.lstrip("[").rstrip("]"))

    def _open_list(self, marker):
        self.list_open = "ol" if ORDERED_MARKER.match(marker.replace("\xa0", " ")) else "ul"
        self.out.append(f"<{self.list_open}>")
        self.out.append("<li>")

    def _close_list(self):
        if self.list_open:
            self.out.append(f"</{self.list_open}>")
            self.list_open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        style = attrs.get("style") or ""
        if self.skipping_list_marker:
            return
        word_list = WORD_LIST.search(style) if tag == "p" else None
        if word_list:
            if self.list_open and word_list.group(1) != self.list_id:
                self._close_list()  # another list starts right after this one
            self.list_id = word_list.group(1)
            self.in_word_item = True
            self.stack.append("li")
            if self.list_open:
                self.out.append("<li>")
            return  # the list opens at the marker's end, when its kind is known
        if tag not in VOID and self.list_open and not self.in_word_item:
            self._close_list()
        if tag in TABLE_PARTS or self.in_cell:
            self._table_start(tag)
            return
        written = self._rename(tag, attrs, style)
        if tag in VOID:
            if written:
                self.out.append(f"<{written}>")
            return
        self.stack.append(written)
        if written:
            self.out.append(self._start(written, tag, attrs))

    def _table_start(self, tag):
        """Rows become paragraphs and cells runs of text with a separator; what a cell holds is read flat."""
        if tag in VOID:
            return
        self.stack.append(f"table:{tag}")
        if tag == "tr" and not self.in_cell:
            self.cells = 0
            self.out.append("<p>")
            self.row_start = len(self.out)
        elif tag in {"td", "th"}:
            if self.cells and not self.in_cell:
                self.out.append(CELL_SEPARATOR)
            if self.cells is not None and not self.in_cell:
                self.cells += 1
            self.in_cell += 1
        elif self.in_cell and tag in {"p", "div", "li"} | set(HEADINGS) and self.out[-1] not in ("<p>", CELL_SEPARATOR):
            self.out.append(" ")  # two paragraphs in one cell: words, not run together

    def _table_end(self, part):
        if part in {"td", "th"}:
            self.in_cell = max(self.in_cell - 1, 0)
        elif part == "tr" and not self.in_cell and self.cells is not None:
            # The cells' own layout whitespace (Word indents its markup) read as single spaces.
            self.out[self.row_start:] = [" ".join("".join(self.out[self.row_start:]).split()), "</p>"]
            self.cells = None

    def _rename(self, tag, attrs, style):
        if tag in HEADINGS:
            return HEADINGS[tag]
        if tag == "b":
            # Google Docs wraps a whole paste in <b style="font-weight:normal" id="docs-internal-guid-…">.
            wrapper = NORMAL_WEIGHT.search(style) or (attrs.get("id") or "").startswith("docs-internal")
            return "" if wrapper else "strong"
        if tag == "i":
            return "em"
        if tag == "span":
            if BOLD_STYLE.search(style):
                return "strong"
            if ITALIC_STYLE.search(style):
                return "em"
            return ""
        if ":" in tag:  # <o:p>, <w:sdt>…: Office's own elements
            return ""
        return tag

    def _start(self, written, tag, attrs):
        if written != tag:
            return f"<{written}>"
        kept = [(name, value) for name, value in attrs.items() if value is not None and name in KEPT_ATTRIBUTES]
        rendered = "".join(f' {name}="{escape(value)}"' for name, value in kept)
        return f"<{written}{rendered}>"

    def handle_endtag(self, tag):
        if self.skipping_list_marker or tag in VOID:
            return
        if not self.stack:
            return
        written = self.stack.pop()
        if written.startswith("table:"):
            self._table_end(written.removeprefix("table:"))
            return
        if written == "li" and self.in_word_item:
            self.in_word_item = False
            self.out.append("</li>")
            return
        if written:
            self.out.append(f"</{written}>")

    def handle_startendtag(self, tag, attrs):
        if not self.skipping_list_marker and tag == "br":
            self.out.append("<br>")

    def handle_data(self, data):
        if self.skipping_list_marker:
            self.marker_text.append(data)
            return
        if self.list_open and not self.in_word_item and data.strip():
            self._close_list()
        if self.cells is not None and not self.in_cell:
            return  # the layout whitespace between a row's cells
        self.out.append(data)

    def handle_entityref(self, name):
        self.handle_data(" " if self.skipping_list_marker else f"&{name};")

    def handle_charref(self, name):
        self.handle_data(" " if self.skipping_list_marker else f"&#{name};")

    def close(self):
        super().close()
        self._close_list()


def normalize_pasted_html(html: str) -> str:
    """Word's and Google Docs' markup as the plain structure the editor makes (nh3 then drops the rest)."""
    markers = ("mso-", "docs-internal", "<b", "<i", "<span", "<h1", "<h4", "<o:", "<table", "<td")
    if not any(marker in html for marker in markers):
        return html  # the editor's own output: nothing to normalize
    parser = _PasteNormalizer()
    try:
        parser.feed(html)
        parser.close()
    except Exception:
        # The standard library's parser gives up on some malformed markup (an
        # AssertionError from _markupbase on "<![>", for one; which errors, and
        # where, varies between Python versions). Normalizing is a nicety: the
        # pasted HTML then goes to nh3 as it came, which parses any input as a
        # browser would and never raises, so the save goes through clean.
        return html
    return "".join(parser.out)


def plain_text_from_editor(value: str) -> str:
    """What the one-paragraph plain editor (widgets.PlainParagraphWidget) posts, one <p>, back to its plain text."""
    return " ".join(unescape(strip_tags_safely(value or "")).split())
