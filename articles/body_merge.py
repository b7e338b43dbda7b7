"""Two editors' versions of a story's body, merged paragraph by paragraph.

The body is sanitized HTML (articles/sanitize.py): a run of top-level blocks
(paragraphs, subheads, lists, quotes). A three-way merge takes the version
both editors opened (the base), the one saved first (theirs) and the one
being saved now (mine). Each side is lined up with the base block by block:
a block kept, edited (paired with the base block it most resembles), deleted,
or a new block added before a base block. A block only one side changed takes
that side's version; a block both changed to different text, or a place where
both added different blocks, is a conflict: only those are asked about, with
the two versions of just those blocks.

Plain Python, no models: imported by the merge of a stale save
(articles/services/revisions.py) and the admin that shows it.
"""

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from html import unescape

from articles.sanitize import strip_tags_safely

VOID = {"br", "hr", "img", "wbr"}
# Two versions of a block count as the same paragraph, edited, from this likeness of their words.
SAME_PARAGRAPH = 0.5
# Above this many pairs to weigh, a rewritten stretch is lined up by position alone.
MOST_PAIRS = 2500


TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")


def body_blocks(html: str) -> list[str]:
    """The top-level blocks of a (sanitized) body, in order: "<p>…</p>", "<h2>…</h2>", "<ul>…</ul>".

    Text outside any element (never stored by the sanitizer, but possible in
    old rows) is a block of its own; an element left open runs to the end.
    """
    blocks, depth, start = [], 0, 0
    for match in TAG.finditer(html or ""):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if depth == 0 and match.start() > start:
            blocks.append(html[start:match.start()])
            start = match.start()
        if closing:
            depth = max(depth - 1, 0)
        elif not self_closing and name not in VOID:
            depth += 1
        if depth == 0:
            blocks.append(html[start:match.end()])
            start = match.end()
    blocks.append((html or "")[start:])
    return [block.strip() for block in blocks if block.strip()]


def block_text(block: str) -> str:
    """A block as readers read it, for showing and for likeness."""
    return " ".join(unescape(strip_tags_safely(block)).split())


def _likeness(a: str, b: str) -> float:
    words_a, words_b = (re.findall(r"\w+", block_text(x).lower()) for x in (a, b))
    return difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def _pair_edited(base: list[str], side: list[str]) -> list[tuple[int, int]]:
    """In a stretch one side rewrote, which base block became which of its blocks.

    As many blocks as before: each was edited in place. Otherwise the pairs
    most alike in their words (and alike enough), in order.
    """
    if len(base) == len(side):
        return [(i, i) for i in range(len(base))]
    if len(base) * len(side) > MOST_PAIRS:
        return []
    likeness = [[_likeness(a, b) for b in side] for a in base]
    # The most alike pairs that keep their order: a small alignment table.
    best = [[0.0] * (len(side) + 1) for _ in range(len(base) + 1)]
    for i in range(len(base) - 1, -1, -1):
        for j in range(len(side) - 1, -1, -1):
            paired = best[i + 1][j + 1] + likeness[i][j] if likeness[i][j] >= SAME_PARAGRAPH else -1.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < len(base) and j < len(side):
        if likeness[i][j] >= SAME_PARAGRAPH and best[i][j] == best[i + 1][j + 1] + likeness[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass
class _Alignment:
    """One side against the base: what became of each base block, and what was added before each."""

    kept: list  # per base block: its text on this side, or None if deleted
    added: list  # per base position 0..n: blocks added before base block i (n: at the end)


def _align(base: list[str], side: list[str]) -> _Alignment:
    kept = [None] * len(base)
    added = [[] for _ in range(len(base) + 1)]
    matcher = difflib.SequenceMatcher(None, base, side, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(a2 - a1):
                kept[a1 + k] = side[b1 + k]
        elif op == "insert":
            added[a1].extend(side[b1:b2])
        elif op == "replace":
            pairs = _pair_edited(base[a1:a2], side[b1:b2])
            j = b1
            for pi, pj in pairs:
                added[a1 + pi].extend(side[j:b1 + pj])  # new blocks before this edited one
                kept[a1 + pi] = side[b1 + pj]
                j = b1 + pj + 1
            added[a2].extend(side[j:b2])
    return _Alignment(kept, added)


def align_blocks(before: list[str], after: list[str]) -> list[tuple[str | None, str | None]]:
    """Two versions' blocks side by side: (before, after) for a block kept or edited, (before, None)
    for one removed, (None, after) for one added, in reading order."""
    rows = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(zip(before[a1:a2], after[b1:b2], strict=True))
            continue
        pairs = _pair_edited(before[a1:a2], after[b1:b2]) if op == "replace" else []
        i, j = a1, b1
        for pi, pj in pairs:
            rows.extend((block, None) for block in before[i:a1 + pi])
            rows.extend((None, block) for block in after[j:b1 + pj])
            rows.append((before[a1 + pi], after[b1 + pj]))
            i, j = a1 + pi + 1, b1 + pj + 1
        rows.extend((block, None) for block in before[i:a2])
        rows.extend((None, block) for block in after[j:b2])
    return rows


@dataclass
class BodyConflict:
    """A place both editors changed differently: the base's blocks there, theirs, and mine."""

    base: list[str]
    theirs: list[str]
    mine: list[str]
    number: int = 0  # which paragraph of the merged body it is (1-based), for editors
    key: str = ""  # stable across a re-shown form: names the editor's choice

    @property
    def base_text(self):
        return "\n\n".join(block_text(b) for b in self.base)

    @property
    def theirs_text(self):
        return "\n\n".join(block_text(b) for b in self.theirs)

    @property
    def mine_text(self):
        return "\n\n".join(block_text(b) for b in self.mine)


@dataclass
class BodyMerge:
    """The merged body: settled blocks and conflicts, in order."""

    parts: list = field(default_factory=list)  # each a list of blocks (settled) or a BodyConflict

    @property
    def conflicts(self) -> list[BodyConflict]:
        return [part for part in self.parts if isinstance(part, BodyConflict)]

    def html(self, choices=None, *, default="mine") -> str:
        """The body with each conflict settled by `choices` ({key: "mine"|"theirs"}), else by `default`."""
        blocks = []
        for part in self.parts:
            if isinstance(part, BodyConflict):
                choice = (choices or {}).get(part.key, default)
                blocks.extend(part.theirs if choice == "theirs" else part.mine)
            else:
                blocks.extend(part)
        return "".join(blocks)


def _settle(base, theirs, mine):
    """One base block (or one place between blocks): the merged blocks, or None for a conflict."""
    if theirs == mine:
        return theirs
    if theirs == base:
        return mine
    if mine == base:
        return theirs
    return None


def merge_body(base: str, theirs: str, mine: str) -> BodyMerge:
    """Merge two editors' bodies against the one they both opened, paragraph by paragraph."""
    base_blocks = body_blocks(base)
    their_side = _align(base_blocks, body_blocks(theirs))
    my_side = _align(base_blocks, body_blocks(mine))
    merge = BodyMerge()

    def settled(blocks):
        if merge.parts and not isinstance(merge.parts[-1], BodyConflict):
            merge.parts[-1].extend(blocks)
        else:
            merge.parts.append(list(blocks))

    for i in range(len(base_blocks) + 1):
        theirs_added, mine_added = their_side.added[i], my_side.added[i]
        if theirs_added or mine_added:
            blocks = _settle([], theirs_added, mine_added)
            if blocks is None:
                merge.parts.append(BodyConflict([], list(theirs_added), list(mine_added)))
            else:
                settled(blocks)
        if i == len(base_blocks):
            break
        as_base = [base_blocks[i]]
        as_theirs = [b for b in [their_side.kept[i]] if b is not None]
        as_mine = [b for b in [my_side.kept[i]] if b is not None]
        blocks = _settle(as_base, as_theirs, as_mine)
        if blocks is None:
            merge.parts.append(BodyConflict(as_base, as_theirs, as_mine))
        else:
            settled(blocks)
    _number(merge)
    return merge


def _number(merge):
    position, seen = 1, {}
    for part in merge.parts:
        if isinstance(part, BodyConflict):
            part.number = position
            digest = hashlib.sha256("\x00".join(["\x01".join(part.base), "\x01".join(part.theirs)]).encode())
            key = digest.hexdigest()[:10]
            seen[key] = seen.get(key, 0) + 1
            part.key = key if seen[key] == 1 else f"{key}-{seen[key]}"
            position += max(len(part.mine), len(part.theirs), 1)
        else:
            position += len(part)
