// The open story form: autosave every few seconds, a presence heartbeat,
// and the "restore your unsaved changes" offer. Never locks, never saves
// the story itself: the server keeps autosaves beside the story.
const configElement = document.getElementById("writing-config")
const config = configElement ? JSON.parse(configElement.textContent) : null
const form = document.getElementById("article_form")

function csrfToken() {
  const input = form && form.querySelector("input[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
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

// --- Autosave -------------------------------------------------------------------------
let dirty = false
let lastSent = null
let saving = false
const status = document.getElementById("autosave-status")

async function autosave() {
  if (!dirty || saving) return
  const data = fieldValues()
  const snapshot = JSON.stringify([...data.entries()])
  if (snapshot === lastSent) {
    dirty = false
    return
  }
  saving = true
  try {
    const response = await post(config.autosave, data)
    if (response.ok) {
      const answer = await response.json()
      lastSent = snapshot
      dirty = false
      if (status) status.textContent = `Unsaved changes kept at ${answer.saved_at}`
      form.dataset.autosavedAt = answer.saved_at
    }
  } catch {
    // Offline for a moment: the next tick tries again.
  } finally {
    saving = false
  }
}

// --- Presence -------------------------------------------------------------------------
const presenceNotice = document.getElementById("presence-notice")

async function heartbeat() {
  try {
    const response = await post(config.presence)
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
    await post(config.discard)
    offer.remove()
  })
}

if (config && form) {
  form.addEventListener("input", () => {
    dirty = true
  })
  form.addEventListener("change", () => {
    dirty = true
  })
  // Saving the story: no more autosaves from this page.
  form.addEventListener("submit", () => {
    dirty = false
    window.clearInterval(autosaveTimer)
  })
  const autosaveTimer = window.setInterval(autosave, config.autosaveSeconds * 1000)
  window.setInterval(heartbeat, config.presenceSeconds * 1000)
  heartbeat()
  // A closed tab simply stops beating and drops out once quiet (a leave request
  // sent while the page unloads would race whatever the server does next).
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") autosave()
    else heartbeat()
  })
  offerRestore()
}
