// The story editor: django-prose-editor's ProseMirror build, with the toolbar
// the server allows (data-newsroom-editor holds the same config the sanitizer
// is built from), labels for screen readers, a link check, and pasted Word
// and Google Docs markup turned into plain structure.
// Loaded as a module from a file: the site's CSP allows no inline script.
import * as E from "../django_prose_editor/editor.js"

const MARKER = "data-newsroom-editor"
const LINK_PATTERN = "(https?://|mailto:)\\S+"

// --- Paste: what word processors put on the clipboard ----------------------------
const WORD_LIST = /mso-list:\s*l(\d+)\s+level\d+/i
const ORDERED_MARKER = /^\s*(\d+|[a-zA-Z]|[ivxlcIVXLC]+)[.)]\s*$/

export function cleanPastedHTML(html) {
  // Word's list-marker runs sit in <![if !supportLists]> … <![endif]>.
  const marked = html
    .replace(/<!\[if !supportLists\]>/gi, '<span data-list-marker="1">')
    .replace(/<!--\[if !supportLists\]-->/gi, '<span data-list-marker="1">')
    .replace(/<!\[endif\]>|<!--\[endif\]-->/gi, "</span>")
  const doc = new DOMParser().parseFromString(marked, "text/html")
  const body = doc.body
  // Google Docs wraps everything in <b style="font-weight:normal" id="docs-internal-guid-…">.
  for (const b of body.querySelectorAll('b[id^="docs-internal"]')) b.replaceWith(...b.childNodes)
  for (const h of body.querySelectorAll("h1")) rename(h, "h2")
  for (const h of body.querySelectorAll("h4, h5, h6")) rename(h, "h3")
  for (const el of body.querySelectorAll("o\\:p, style, meta, link, script")) el.remove()
  // A table has no place in a story: each row becomes a paragraph, its cells kept apart
  // (as the server's sanitizer does), not run together into one word.
  for (const table of body.querySelectorAll("table")) {
    if (!table.isConnected) continue  // inside a table already flattened
    const rows = [...table.rows].map((row) => {
      const p = doc.createElement("p")
      p.textContent = [...row.cells].map(cellText).join(" | ")
      return p
    })
    table.replaceWith(...rows)
  }
  // Word's list paragraphs become real lists.
  let list = null
  let listId = null
  for (const p of [...body.querySelectorAll("p")]) {
    const match = WORD_LIST.exec(p.getAttribute("style") || "")
    if (!match) {
      continue
    }
    const marker = p.querySelector("[data-list-marker]")
    const markerText = marker ? marker.textContent.replace(/\u00a0/g, " ") : ""
    if (marker) marker.remove()
    const previous = p.previousElementSibling
    if (!list || listId !== match[1] || previous !== list) {
      list = doc.createElement(ORDERED_MARKER.test(markerText) ? "ol" : "ul")
      p.before(list)
      listId = match[1]
    }
    const li = doc.createElement("li")
    li.append(...p.childNodes)
    list.append(li)
    p.remove()
  }
  for (const el of body.querySelectorAll("[data-list-marker]")) el.remove()
  return body.innerHTML
}

function cellText(cell) {
  // Two paragraphs in one cell are words apart, not run together.
  for (const block of cell.querySelectorAll("p, div, li, br, h1, h2, h3, h4, h5, h6")) block.after(" ")
  return cell.textContent.replace(/\s+/g, " ").trim()
}

function rename(el, tag) {
  const replacement = el.ownerDocument.createElement(tag)
  replacement.append(...el.childNodes)
  el.replaceWith(replacement)
}

// --- Links: only web and mail addresses ------------------------------------------
// django-prose-editor's link dialog is a form with an input named "href".
document.addEventListener("focusin", (event) => {
  const input = event.target
  if (input instanceof HTMLInputElement && input.name === "href" && input.closest("dialog")) {
    input.type = "url"
    input.required = true
    input.pattern = LINK_PATTERN
    input.title = "A full web address (https://…) or mailto:"
    input.setAttribute("aria-describedby", "")
  }
})

// --- The editor --------------------------------------------------------------------
function labelFor(textarea) {
  // Fields in a table row (a correction) are named by articles/admin-a11y.js: "Text, row 1".
  if (textarea.getAttribute("aria-label")) return textarea.getAttribute("aria-label")
  const label = document.querySelector(`label[for="${textarea.id}"]`)
  if (label) return label.textContent.replace(/:\s*$/, "").trim()
  // An inline row's field: "corrections-0-text" reads "Text, row 1".
  const [, row, field] = textarea.name.match(/-(\d+)-(\w+)$/) || [null, null, textarea.name]
  const name = field.charAt(0).toUpperCase() + field.slice(1).replace(/_/g, " ")
  return row === null ? name : `${name}, row ${Number(row) + 1}`
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(MARKER) || "{}")
  const extensions = []  // Ctrl/Cmd+K for a link comes with the package's Link
  for (const [name, options] of Object.entries(config.extensions || {})) {
    let extension = E[name]
    if (!extension) continue
    if (name === "Document" && config.singleParagraph) {
      extension = extension.extend({ content: "paragraph" })
    }
    extensions.push(options && typeof options === "object" ? extension.configure(options) : extension)
  }
  const element = document.createElement("div")
  element.className = "prose-editor"
  textarea.before(element)
  element.append(textarea)
  const help = textarea.getAttribute("aria-describedby")
  const editor = new E.Editor({
    element,
    extensions,
    content: textarea.value,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": config.singleParagraph ? "false" : "true",
        "aria-label": labelFor(textarea),
        ...(help ? { "aria-describedby": help } : {}),
        spellcheck: "true",
      },
      transformPastedHTML: cleanPastedHTML,
    },
    onUpdate({ editor }) {
      const html = editor.getHTML()
      // An empty editor is "<p></p>"; the field is then empty, not an empty paragraph.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
  })
  // The label points at the textarea; clicking it should put the cursor in the editor.
  const label = document.querySelector(`label[for="${textarea.id}"]`)
  if (label) label.addEventListener("click", () => editor.commands.focus())
  // The menu bar is built once the editor has been created.
  const nameToolbar = () => {
    const menubar = element.querySelector(".prose-menubar")
    if (menubar) {
      menubar.setAttribute("role", "toolbar")
      menubar.setAttribute("aria-label", `Formatting: ${labelFor(textarea)}`)
    }
  }
  nameToolbar()
  editor.on("create", nameToolbar)
  textarea.dispatchEvent(new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }))
  textarea.proseEditor = editor
  return editor
}

E.initializeEditors(createEditor, `[${MARKER}]`)
