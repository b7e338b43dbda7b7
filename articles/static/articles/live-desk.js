// The live desk: post an update with Ctrl+Enter (or ⌘+Enter) without leaving the
// story's page, correct, delete, pin and unpin updates, start and end the coverage.
// Every action is a small POST with the CSRF token; the server answers with the
// stream as readers see it (articles/admin/live.py). A file: the CSP allows no inline script.
(function () {
  "use strict"
  const desk = document.getElementById("live-desk")
  if (!desk) return
  const form = document.getElementById("live-desk-form")
  const stream = document.getElementById("live-desk-stream")
  const status = document.getElementById("live-desk-status")
  const token = desk.querySelector("input[name=csrfmiddlewaretoken]").value
  const textarea = form ? form.querySelector("#live-body") : null
  const cancel = document.getElementById("live-cancel-edit")
  const submit = document.getElementById("live-submit")
  let busy = false

  function say(text, isError) {
    status.textContent = text
    status.classList.toggle("is-error", Boolean(isError))
  }

  async function send(url, fields) {
    const body = new FormData()
    for (const [name, value] of Object.entries(fields)) body.append(name, value)
    const response = await fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" },
    })
    let data = {}
    try { data = await response.json() } catch (error) { data = {} }
    if (!response.ok) throw new Error(data.error || `The server answered ${response.status}.`)
    return data
  }

  function show(data) {
    if (data.reload) { window.location.reload(); return }
    if (typeof data.html === "string") stream.innerHTML = data.html
    if (data.message) say(data.message)
  }

  function editor() {
    return textarea ? textarea.proseEditor : null
  }

  function resetForm() {
    if (!form) return
    form.elements.update_id.value = ""
    form.classList.remove("is-correcting")
    if (editor()) editor().commands.clearContent()
    textarea.value = ""
    form.elements.photo.value = ""
    if (form.elements.is_pinned) form.elements.is_pinned.checked = false
    submit.textContent = "Post update"
    cancel.hidden = true
  }

  async function post() {
    if (busy || !form) return
    const text = textarea.value.trim()
    if (!text) { say("Write the update first.", true); return }
    busy = true
    submit.disabled = true
    const updateId = form.elements.update_id.value
    try {
      let data
      if (updateId) {
        data = await send(desk.dataset.updateUrl.replace(/0\/$/, `${updateId}/`), {
          action: "edit", body: text, photo: form.elements.photo.value,
        })
      } else {
        data = await send(desk.dataset.streamUrl, {
          body: text,
          photo: form.elements.photo.value,
          is_pinned: form.elements.is_pinned && form.elements.is_pinned.checked ? "1" : "",
        })
      }
      resetForm()
      show(data)
      if (editor()) editor().commands.focus()
    } catch (error) {
      say(error.message, true)  // the text stays in the editor
    } finally {
      busy = false
      submit.disabled = false
    }
  }

  if (form) {
    form.addEventListener("submit", (event) => { event.preventDefault(); post() })
    // In the capture phase, before the editor turns Ctrl+Enter into a line break.
    form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault()
        event.stopPropagation()
        post()
      }
    }, true)
    cancel.addEventListener("click", () => { resetForm(); say("Correction cancelled.") })
  }

  stream.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-live-action]")
    if (!button) return
    const action = button.dataset.liveAction
    const id = button.dataset.update
    if (action === "edit") {
      const body = stream.querySelector(`#update-${id} .live-update-body`)
      if (!form || !body) return
      form.elements.update_id.value = id
      form.elements.photo.value = body.closest(".live-desk-item").dataset.photo || ""
      if (editor()) editor().commands.setContent(body.innerHTML)
      textarea.value = body.innerHTML
      form.classList.add("is-correcting")
      submit.textContent = "Save correction"
      cancel.hidden = false
      say("Correcting the update: change it above, then press Ctrl+Enter.")
      if (editor()) editor().commands.focus("end")
      return
    }
    if (action === "delete" && !window.confirm("Delete this update? Readers will no longer see it.")) return
    try {
      show(await send(desk.dataset.updateUrl.replace(/0\/$/, `${id}/`), { action }))
    } catch (error) {
      say(error.message, true)
    }
  })

  desk.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-live-coverage]")
    if (!button) return
    const action = button.dataset.liveCoverage
    if (action === "end" && !window.confirm("End the live coverage? Readers' pages stop following updates.")) return
    try {
      show(await send(desk.dataset.coverageUrl, { action }))
    } catch (error) {
      say(error.message, true)
    }
  })
})()
