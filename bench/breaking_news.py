"""make bench's breaking-news rows: the reader mix while the desk works.

The read mix: 15% the home page, 10% the section fronts, 75% the 400 newest
stories, skewed to the newest (wrk with a Lua script, breaking_news.lua
written here). Measured with the desk doing nothing, editing a live story
once a second, saving a draft five times a second, and publishing a new story
every five seconds while editing a live one once a second. The desk works in
its own process (`python bench/breaking_news.py desk ...`), through the
services, with the same database and cache as the site. The cache hit ratio
is counted from the front cache's `X-Cache` header.
"""

import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / ".data" / "breaking_news.lua"
NEWEST = 400
SCENARIOS = (
    # (name, live edits per second, draft saves per second, seconds between new stories)
    ("does nothing", 0, 0, None),
    ("edits a live story once a second", 1, 0, None),
    ("saves a draft five times a second", 0, 5, None),
    ("publishes every 5 s and edits once a second", 1, 0, 5),
)

LUA_TEMPLATE = """
local home, fronts, stories = %(home)s, %(fronts)s, %(stories)s
hits, stale, total = 0, 0, 0  -- globals: done() reads each thread's with thread:get
threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) math.randomseed(os.time() + math.floor(os.clock() * 1e6)) end
function request()
  local r = math.random()
  local path
  if r < 0.15 then path = home
  elseif r < 0.25 then path = fronts[math.random(#fronts)]
  else
    local u = math.random()
    path = stories[math.floor(#stories * u * u) + 1]  -- skewed to the newest
  end
  return wrk.format("GET", path)
end
function response(status, headers, body)
  total = total + 1
  local x = headers["X-Cache"] or headers["x-cache"]
  if x == "hit" then hits = hits + 1 elseif x == "stale" then stale = stale + 1 end
end
function done(summary, latency, requests)
  local h, s, t = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits"); s = s + thread:get("stale"); t = t + thread:get("total")
  end
  io.write(string.format("CACHE hits=%%d stale=%%d total=%%d\\n", h, s, t))
end
"""


def lua_list(items):
    return "{" + ",".join(json.dumps(item) for item in items) + "}"


def write_script():
    from articles.models import Article, Section

    newest = Article.objects.published().select_related("section").newest_first()[:NEWEST]
    stories = [article.get_absolute_url() for article in newest]
    fronts = [s.get_absolute_url() for s in Section.objects.active()]
    LUA.parent.mkdir(parents=True, exist_ok=True)
    LUA.write_text(LUA_TEMPLATE % {"home": json.dumps("/"), "fronts": lua_list(fronts), "stories": lua_list(stories)})
    return [*stories, *fronts, "/"]


def run_wrk(base, seconds, connections):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(LUA), base],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    hits, stale, total = (int(n) for n in re.search(r"CACHE hits=(\d+) stale=(\d+) total=(\d+)", output).groups())
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": round(rps, 1), "p50_ms": percentile(50), "p99_ms": percentile(99),
            "hit_ratio": round((hits + stale) / total, 3) if total else None,
            "stale_ratio": round(stale / total, 3) if total else None,
            "non_2xx": int(errors.group(1)) if errors else 0}


def measure(base, env, python, seconds, connections, warm):
    """One row per scenario; the desk runs beside wrk for the same seconds."""
    import urllib.request

    rows = []
    for name, edits, drafts, publish_every in SCENARIOS:
        for url in warm:
            urllib.request.urlopen(base + url).read()
        desk = None
        if edits or drafts or publish_every:
            desk = subprocess.Popen(
                [python, str(Path(__file__)), "desk", str(edits), str(drafts), str(publish_every or 0), str(seconds)],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
            )
        row = run_wrk(base, seconds, connections)
        done = desk.communicate(timeout=seconds + 60)[0].strip() if desk else "0"
        rows.append({"scenario": name, **row, "desk_writes": int(done or 0)})
        print(f"  breaking news: {name:<45} {row['rps']:>8} r/s  p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms  "
              f"hits {row['hit_ratio']}", flush=True)
    idle = rows[0]["rps"]
    for row in rows:
        row["share_of_idle"] = round(row["rps"] / idle, 3) if idle else None
    return rows


def desk(edits, drafts, publish_every, seconds):
    """Work like a busy desk for `seconds`: live edits, draft saves and new stories at the given rates."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from articles.models import Article, Status
    from articles.services.editing import article_save
    from articles.services.publishing import article_publish

    editor = None  # the system, as the wire desk saves
    newest = list(Article.objects.published().newest_first()[:NEWEST])
    draft = Article.objects.filter(status=Status.DRAFT).first()
    if draft is None and drafts:
        draft = Article.objects.create(headline="A draft", slug=f"draft-{time.time_ns()}", body="<p>Draft.</p>",
                                       section_id=newest[0].section_id, status=Status.DRAFT)
    template = newest[0]
    writes, started = 0, time.monotonic()
    events = []
    if edits:
        events += [(i / edits, "edit") for i in range(int(seconds * edits))]
    if drafts:
        events += [(i / drafts, "draft") for i in range(int(seconds * drafts))]
    if publish_every:
        events += [(i * publish_every + 0.5, "publish") for i in range(int(seconds // publish_every))]
    lock = threading.Lock()
    for at, kind in sorted(events):
        wait = started + at - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        with lock:
            if kind == "edit":
                story = newest[min(int(len(newest) * random.random() ** 2), len(newest) - 1)]
                story.refresh_from_db()
                story.dek = f"Updated at {time.time():.3f}"
                article_save(article=story, by=editor)
            elif kind == "draft" and draft is not None:
                draft.refresh_from_db()
                draft.body = f"<p>Draft saved at {time.time():.3f}</p>"
                article_save(article=draft, by=editor)
            elif kind == "publish":
                story = Article.objects.create(
                    headline=f"Breaking {time.time():.3f}", slug=f"breaking-{time.time_ns()}",
                    body="<p>Just in.</p>", section_id=template.section_id, status=Status.DRAFT,
                )
                article_publish(article=story, by=editor)
            writes += 1
    print(writes)


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "desk":
    os.chdir(ROOT)
    desk(float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))
