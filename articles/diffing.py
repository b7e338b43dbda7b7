"""Word-level differences between two versions of a story, for editors' eyes.

Plain difflib over words: insertions and deletions are marked with <ins>
and <del>, paragraph breaks kept, the HTML itself never shown raw.
"""

import difflib
import re
from html import unescape

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.sanitize import strip_tags_safely

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|pre)>|<br\s*/?>", re.IGNORECASE)


def html_words(html: str) -> list[str]:
    """The words of `html` as readers see them, with a "\n" token at each paragraph's end."""
    text = unescape(strip_tags_safely(BLOCK_END.sub(lambda m: m.group(0) + "\n", html or "")))
    return re.findall(r"\n|[^\s]+", text)


def _join(words):
    return escape(" ".join(words)).replace(" \n ", "\n").replace("\n ", "\n").replace(" \n", "\n")


def side_by_side(before: str, after: str, *, html=False) -> tuple[str, str]:
    """`before` with the words `after` dropped in <del>, and `after` with the words it added in <ins>."""
    a = html_words(before) if html else re.findall(r"\n|[^\s]+", before or "")
    b = html_words(after) if html else re.findall(r"\n|[^\s]+", after or "")
    while a and a[-1] == "\n":  # a paragraph's own end is not a difference to show
        a.pop()
    while b and b[-1] == "\n":
        b.pop()
    left, right = [], []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(_join(a[a1:a2]))
            right.append(_join(b[b1:b2]))
        if op in {"delete", "replace"}:
            left.append(f"<del>{_join(a[a1:a2])}</del>")
        if op in {"insert", "replace"}:
            right.append(f"<ins>{_join(b[b1:b2])}</ins>")
    # Every word is escaped above.
    return (
        mark_safe(" ".join(p for p in left if p).strip()),  # noqa: S308
        mark_safe(" ".join(p for p in right if p).strip()),  # noqa: S308
    )


def paragraph_rows(before_html: str, after_html: str) -> list[dict]:
    """Two versions of a body, paragraph by paragraph: each row the paragraph before and after, marked.

    `kind` is "same", "changed", "added" or "removed", so a long story's
    unchanged paragraphs can be shown quietly beside the ones that moved.
    """
    from articles.body_merge import align_blocks, body_blocks

    rows = []
    for old, new in align_blocks(body_blocks(before_html), body_blocks(after_html)):
        left, right = side_by_side(old or "", new or "", html=True)
        kind = "added" if old is None else "removed" if new is None else "same" if old == new else "changed"
        rows.append({"before": left, "after": right, "kind": kind})
    return rows


def word_diff(before: str, after: str, *, html=False) -> str:
    """`after` compared with `before`, words removed in <del>, words added in <ins>."""
    a = html_words(before) if html else re.findall(r"\n|[^\s]+", before or "")
    b = html_words(after) if html else re.findall(r"\n|[^\s]+", after or "")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(_join(a[a1:a2]))
        if op in {"delete", "replace"}:
            parts.append(f"<del>{_join(a[a1:a2])}</del>")
        if op in {"insert", "replace"}:
            parts.append(f"<ins>{_join(b[b1:b2])}</ins>")
    return mark_safe(" ".join(p for p in parts if p).strip())  # noqa: S308 - every word is escaped above
