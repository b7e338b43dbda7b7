// The open story form: autosave every few seconds, a presence heartbeat,
// and the "restore your unsaved changes" offer. Never locks, never saves
// the story itself: the server keeps autosaves beside the story.
//
// When the session ends while the editor types (it expired, or they signed
// out in another tab), the server answers the script 401: the form says so at
// once, keeps the text in this browser (localStorage, by story and user), and
// holds Save back until they have signed in again in another tab; then the
// next autosave takes a fresh CSRF token (signing in rotates it) and goes on.
const configElement = document.getElementById("writing-config")
const config = configElement ? JSON.parse(configElement.textContent) : null
const form = document.getElementById("article_form")

let token = null

function csrfToken() {
  if (token) return token
  const input = form && form.querySelector("input[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
}

// Every form on the page (the story's, the header's Log out) posts with the fresh token.
function takeToken(fresh) {
  token = fresh
  for (const input of document.querySelectorAll("input[name=csrfmiddlewaretoken]")) input.value = fresh
}

function post(url, data, options = {}) {
  const body = data instanceof FormData ? data : new FormData()
  body.set("csrfmiddlewaretoken", csrfToken())
  return fetch(url, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    keepalive: options.keepalive || false,
  })
}

function fieldValues() {
  const data = new FormData()
  for (const name of config.fields) {
    const field = form.elements.namedItem(name)
    if (field && "value" in field) data.set(name, field.value)
  }
  const loaded = form.elements.namedItem("loaded_version")
  if (loaded) data.set("loaded_version", loaded.value)
  return data
}

function setField(name, value) {
  const field = form.elements.namedItem(name)
  if (!field) return
  if (field.proseEditor) {
    field.proseEditor.commands.setContent(value, { emitUpdate: true })
    field.value = value
  } else {
    field.value = value
  }
  field.dispatchEvent(new Event("input", { bubbles: true }))
}

// --- The copy kept in this browser ------------------------------------------------------
// Written whenever the server could not take the text (signed out, offline)
// and when the page goes away with text the server has not got; dropped once
// an autosave holds it or a save posts it.
const STASH_PREFIX = "newsroom.unsaved."
const STASH_DAYS = 30
const stashKey = config ? `${STASH_PREFIX}${config.user}.${config.story}` : null

function textValues() {
  const values = {}
  for (const name of config.fields) {
    const field = form.elements.namedItem(name)
    if (field && "value" in field) values[name] = field.value
  }
  return values
}

function stash() {
  const loaded = form.elements.namedItem("loaded_version")
  try {
    localStorage.setItem(
      stashKey,
      JSON.stringify({ fields: textValues(), savedAt: Date.now(), baseVersion: loaded ? Number(loaded.value) : 0 }),
    )
  } catch {
    // Storage full or refused: the text is still in the open form, and Save is held back.
  }
}

function readStash() {
  try {
    const kept = JSON.parse(localStorage.getItem(stashKey))
    return kept && kept.fields && kept.savedAt ? kept : null
  } catch {
    return null
  }
}

function dropStash() {
  try {
    localStorage.removeItem(stashKey)
  } catch {
    // Nothing to drop.
  }
}

function dropOldStashes() {
  try {
    const before = Date.now() - STASH_DAYS * 24 * 3600 * 1000
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(STASH_PREFIX)) continue
      let kept = null
      try {
        kept = JSON.parse(localStorage.getItem(key))
      } catch {
        // Unreadable: dropped below.
      }
      if (!kept || !(kept.savedAt > before)) localStorage.removeItem(key)
    }
  } catch {
    // No storage: nothing kept, nothing to tidy.
  }
}

// --- Signed in or not -------------------------------------------------------------------
// null while signed in; otherwise why the form cannot be saved now.
let signedOut = null
const sessionNotice = document.getElementById("session-notice")

function showSessionNotice(lead) {
  if (!sessionNotice) return
  const link = document.createElement("a")
  link.href = config.login
  link.target = "_blank"
  link.rel = "noopener"
  link.textContent =
    signedOut === "other" ? `sign in again as ${config.userName} in another tab` : "sign in again in another tab"
  if (signedOut === "unreachable") {
    sessionNotice.replaceChildren(`${lead} Your text is kept in this browser; try again in a moment.`)
    return
  }
  sessionNotice.replaceChildren(`${lead} Your text is kept in this browser; `, link, ", then save.")
}

function leadFor(state, { saving = false } = {}) {
  if (state === "other") return `${saving ? "Not saved: this" : "This"} browser is now signed in as someone else.`
  if (state === "unreachable") return "Not saved: the server could not be reached."
  return saving ? "Not saved: you have been signed out." : "You have been signed out."
}

function becomeSignedOut(state) {
  const changed = signedOut !== state
  signedOut = state
  stash()
  if (status) status.textContent = ""
  if (changed) showSessionNotice(leadFor(state))
}

function becomeSignedIn() {
  if (signedOut === null) return
  signedOut = null
  if (sessionNotice) sessionNotice.replaceChildren()
  if (status) status.textContent = "Signed in again."
  // Whatever was typed meanwhile goes to the server with the next autosave.
  dirty = true
  lastSent = null
}

// Ask the server who is signed in; take its fresh token. Returns "in", "out", "other" or "unreachable".
let checking = null

function checkSession() {
  checking ||= (async () => {
    try {
      const response = await fetch(config.signedIn, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
      if (response.status === 401) return "out"
      if (!response.ok || response.redirected) return "unreachable"
      const answer = await response.json()
      if (answer.user !== config.user) return "other"
      takeToken(answer.csrf_token)
      return "in"
    } catch {
      return "unreachable"
    }
  })().finally(() => {
    checking = null
  })
  return checking
}

// After a refused request (401, a CSRF 403, a redirect): find out why and act on it.
async function recheck() {
  const state = await checkSession()
  if (state === "in") becomeSignedIn()
  else if (state === "unreachable") stash()
  else becomeSignedOut(state)
  return state
}

function refused(response) {
  return response.status === 401 || response.status === 403 || response.redirected
}

// --- Autosave -------------------------------------------------------------------------
let dirty = false
let lastSent = null
// While Save is checking the session and posting, nothing else writes (an autosave
// landing after the save would keep aside text the story already holds).
let holdingSave = false
const status = document.getElementById("autosave-status")

// One autosave at a time; Save waits for the one under way.
let autosaving = null

function autosave() {
  autosaving ||= sendAutosave().finally(() => {
    autosaving = null
  })
  return autosaving
}

async function sendAutosave() {
  if (holdingSave) return
  if (signedOut) {
    // Keep the latest text here, and see whether they have signed in again.
    if (dirty) stash()
    const state = await checkSession()
    if (holdingSave) return
    if (state === "out" || state === "other") becomeSignedOut(state) // which one may have changed
    if (state !== "in") return
    becomeSignedIn()
  }
  if (!dirty || !config.autosave) return // a new story: nothing to keep it beside yet
  const data = fieldValues()
  const snapshot = JSON.stringify([...data.entries()])
  if (snapshot === lastSent) {
    dirty = false
    dropStash() // the server already holds exactly this
    return
  }
  try {
    const response = await post(config.autosave, data)
    if (response.ok && !response.redirected) {
      const answer = await response.json()
      lastSent = snapshot
      if (JSON.stringify([...fieldValues().entries()]) === snapshot) {
        dirty = false
        dropStash() // the server holds all of it now
      }
      if (status) status.textContent = `Unsaved changes kept at ${answer.saved_at}`
      form.dataset.autosavedAt = answer.saved_at
    } else if (refused(response)) {
      stash()
      await recheck()
    } else {
      stash() // the server could not keep it this time: the browser does
    }
  } catch {
    // Offline for a moment: keep it here; the next tick tries again.
    stash()
  }
}

// --- Presence -------------------------------------------------------------------------
const presenceNotice = document.getElementById("presence-notice")

let beating = null

function heartbeat() {
  beating ||= sendHeartbeat().finally(() => {
    beating = null
  })
  return beating
}

async function sendHeartbeat() {
  if (signedOut || holdingSave || !config.presence) return // autosave's tick is asking whether they are back
  try {
    const response = await post(config.presence)
    if (refused(response)) {
      await recheck()
      return
    }
    if (!response.ok) return
    const { others } = await response.json()
    if (!presenceNotice) return
    presenceNotice.textContent = others.map((o) => `Being edited by ${o.name} since ${o.since}`).join("; ")
    presenceNotice.hidden = others.length === 0
  } catch {
    // The next beat tries again.
  }
}

// --- The offer to restore an autosave -----------------------------------------------------
function offerRestore() {
  const offer = document.getElementById("autosave-offer")
  const fieldsElement = document.getElementById("autosave-fields")
  if (!offer || !fieldsElement) return
  const fields = JSON.parse(fieldsElement.textContent)
  document.getElementById("autosave-restore").addEventListener("click", () => {
    for (const [name, value] of Object.entries(fields)) setField(name, value)
    offer.remove()
    dirty = true
    if (status) status.textContent = "Your unsaved changes are back in the form. Save to keep them."
  })
  document.getElementById("autosave-discard").addEventListener("click", async () => {
    try {
      const response = await post(config.discard)
      if (refused(response)) {
        await recheck() // signed out: the offer stays until they can act on it
        return
      }
    } catch {
      return // not reached: the offer stays
    }
    offer.remove()
  })
}

// --- The offer to restore the copy kept in this browser -------------------------------------
// Text the server never got (signed out, offline, the tab closed first). Offered
// like a server autosave, in its place, when it is newer than that autosave
// and says something the form does not.
function plainText(html) {
  const doc = new DOMParser().parseFromString(html || "", "text/html")
  return (doc.body.textContent || "").replace(/\s+/g, " ").trim()
}

function fieldLabel(name) {
  const label = form.querySelector(`label[for="id_${name}"]`)
  return label ? label.textContent.replace(/:\s*$/, "").trim() : name
}

function offerBrowserCopy() {
  const kept = readStash()
  if (!kept) return
  if (config.autosavedAt && config.autosavedAt >= kept.savedAt) {
    dropStash() // the server kept a later copy; its own offer shows it
    return
  }
  const current = textValues()
  const differing = Object.keys(kept.fields).filter(
    (name) => name in current && plainText(kept.fields[name]) !== plainText(current[name]),
  )
  if (differing.length === 0) {
    dropStash()
    return
  }
  const serverOffer = document.getElementById("autosave-offer")
  if (serverOffer) serverOffer.hidden = true // older than this copy

  const when = new Date(kept.savedAt).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })
  const offer = document.createElement("section")
  offer.className = "writing-notice"
  offer.id = "browser-copy-offer"
  offer.setAttribute("aria-labelledby", "browser-copy-offer-title")
  const title = document.createElement("h2")
  title.id = "browser-copy-offer-title"
  title.textContent = `Restore the text kept in this browser from ${when}?`
  const about = document.createElement("p")
  const loaded = form.elements.namedItem("loaded_version")
  const since = loaded && kept.baseVersion && Number(loaded.value) > kept.baseVersion
    ? " The story has been saved since; restoring puts your text in place of those parts."
    : ""
  about.textContent = `It never reached the server. Differs from the saved story in: ${differing
    .map(fieldLabel)
    .join(", ")}.${since}`
  const buttons = document.createElement("p")
  const restore = document.createElement("button")
  restore.type = "button"
  restore.className = "button"
  restore.textContent = "Restore my changes"
  const discard = document.createElement("button")
  discard.type = "button"
  discard.className = "button"
  discard.textContent = "Discard them"
  buttons.append(restore, " ", discard)
  offer.append(title, about, buttons)
  const anchor = serverOffer || document.getElementById("autosave-status")
  if (anchor) anchor.after(offer)
  else form.prepend(offer)

  restore.addEventListener("click", () => {
    for (const name of differing) setField(name, kept.fields[name])
    offer.remove()
    if (serverOffer) serverOffer.remove()
    dirty = true
    if (status) status.textContent = "Your unsaved changes are back in the form. Save to keep them."
    autosave()
  })
  discard.addEventListener("click", () => {
    dropStash()
    offer.remove()
    if (serverOffer) serverOffer.hidden = false
  })
}

// --- Saving: never into the login page ---------------------------------------------------
// Save first asks whether the editor is still signed in (and takes the current
// token); signed out, the form is not posted and the text stays where it is.
let confirmed = false
let posted = false

async function guardSave(event) {
  if (confirmed) {
    // The real post: no more autosaves from this page; the text leaves with the form.
    posted = true
    dirty = false
    window.clearInterval(autosaveTimer)
    dropStash()
    return
  }
  event.preventDefault()
  if (holdingSave) return // a second click while the first is being checked
  holdingSave = true
  const submitter = event.submitter
  try {
    await Promise.all([autosaving, beating])
    const state = await checkSession()
    if (state === "in") {
      becomeSignedIn()
      confirmed = true
      if (submitter) form.requestSubmit(submitter)
      else form.requestSubmit()
      return
    }
    stash()
    signedOut = state
    if (status) status.textContent = ""
    showSessionNotice(leadFor(state, { saving: true }))
    if (sessionNotice) sessionNotice.scrollIntoView({ block: "nearest" })
  } finally {
    confirmed = false // a later Save asks again
    // Once posted, the page is on its way out; otherwise (the browser's own checks
    // stopped the post, or signed out) autosave and presence carry on.
    if (!posted) holdingSave = false
  }
}

let autosaveTimer = null

if (config && form) {
  form.addEventListener("input", () => {
    dirty = true
  })
  form.addEventListener("change", () => {
    dirty = true
  })
  form.addEventListener("submit", guardSave)
  autosaveTimer = window.setInterval(autosave, config.autosaveSeconds * 1000)
  if (config.presence) {
    window.setInterval(heartbeat, config.presenceSeconds * 1000)
    heartbeat()
  }
  // A closed tab simply stops beating and drops out once quiet (a leave request
  // sent while the page unloads would race whatever the server does next).
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      if (dirty || signedOut) stash() // the autosave below may not finish before the page goes
      autosave()
    } else if (signedOut) {
      autosave() // back from signing in in another tab
    } else {
      heartbeat()
    }
  })
  dropOldStashes()
  offerRestore()
  offerBrowserCopy()
}
