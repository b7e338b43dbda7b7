// A live story's open page: asks its poll (…/live/) for the stream every few
// seconds, swaps in what changed, and tells screen readers politely how many
// updates are new. A 304 costs nothing; ended coverage stops the polling.
// A file, not an inline script: the site's CSP allows scripts from itself only.
(function () {
  "use strict"
  const section = document.getElementById("live")
  const holder = document.getElementById("live-stream")
  const announcer = document.getElementById("live-announcer")
  if (!section || !holder || !window.fetch) return
  const url = section.dataset.livePoll
  const interval = Math.max(2000, Number(section.dataset.liveInterval) || 5000)
  let etag = null
  let timer = null

  function shownIds() {
    return new Set([...holder.querySelectorAll("[data-update-id]")].map((el) => el.dataset.updateId))
  }

  function announce(text) {
    // Emptied first, so the same words said twice are still announced.
    announcer.textContent = ""
    window.setTimeout(() => { announcer.textContent = text }, 50)
  }

  function swapIn(html) {
    const parsed = document.createElement("template")
    parsed.innerHTML = html
    const fresh = parsed.content.querySelector(".live-stream")
    if (!fresh) return "live"
    const before = shownIds()
    const added = [...fresh.querySelectorAll("[data-update-id]")].filter((el) => !before.has(el.dataset.updateId))
    // Keep the reader's place: whatever is in view stays in view when updates arrive above it.
    const anchor = [...holder.querySelectorAll("[data-update-id]")].find((el) => el.getBoundingClientRect().bottom > 0)
    const anchorTop = anchor ? anchor.getBoundingClientRect().top : null
    holder.replaceChildren(fresh)
    if (anchor && anchorTop !== null && window.scrollY > section.offsetTop) {
      const same = document.getElementById(anchor.id)
      if (same) window.scrollBy(0, same.getBoundingClientRect().top - anchorTop)
    }
    for (const el of added) el.classList.add("live-update-new")
    const state = fresh.dataset.liveState
    if (added.length) {
      announce(added.length === 1 ? "1 new update" : `${added.length} new updates`)
    }
    if (state === "ended") announce("Live coverage has ended.")
    return state
  }

  async function poll() {
    timer = null
    try {
      const headers = etag ? { "If-None-Match": etag } : {}
      const response = await fetch(url, { headers, cache: "no-store", credentials: "same-origin" })
      if (response.status === 404 || response.status === 410) {
        announce("This story is no longer available.")
        return
      }
      if (response.ok) {
        etag = response.headers.get("ETag")
        if (swapIn(await response.text()) === "ended") return
      }
    } catch (error) {
      // Offline for a moment: try again at the next tick.
    }
    schedule()
  }

  function schedule() {
    if (timer === null) timer = window.setTimeout(poll, document.hidden ? interval * 3 : interval)
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && timer !== null) {
      window.clearTimeout(timer)
      timer = null
      poll()
    }
  })
  schedule()
})()
