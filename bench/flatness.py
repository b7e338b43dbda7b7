"""Compare two `make bench` runs one request at a time: python bench/flatness.py small.json large.json

Prints each page's uncached single-request time (median, in-process) in
both runs and their ratio: the "flat in archive size" check. Pages are
matched by name, deep pages by their kind ("section p199" and "section
p4001" are both "section deep").
"""

import json
import sys


def kind(name, first_pages=("section p1",)):
    if name in first_pages:
        return name
    for prefix in ("section p", "sitemap p", "api p"):
        if name.startswith(prefix):
            return prefix[: -len(" p")] + " deep"
    return name


def singles(path):
    with open(path) as file:
        results = json.load(file)
    rows = {kind(row["page"]): row["single_request_ms"] for row in results["rows"] if not row["cached"]}
    return results, rows


def main(small_path, large_path):
    small, small_rows = singles(small_path)
    large, large_rows = singles(large_path)
    print(f"{'page':<16} {small['stories']:>10,} {large['stories']:>10,}  ratio")
    for page, small_ms in small_rows.items():
        large_ms = large_rows.get(page)
        if large_ms is None or not small_ms:
            continue
        print(f"{page:<16} {small_ms:>9.1f}ms {large_ms:>9.1f}ms  {large_ms / small_ms:5.2f}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
