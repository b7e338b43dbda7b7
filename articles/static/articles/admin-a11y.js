/* Accessible names for the admin controls Django leaves unnamed.
 *
 * Tabular inlines (bylines, author links) print each field's label only as a
 * column header, so a screen reader announces the byline's author, role and
 * position fields as bare "edit text". Select2, the autocomplete widget, names
 * its combobox after the current value alone, which is nothing on a new
 * story. This names every such control after the label a sighted editor
 * reads: "Author, row 1"; "Section: World".
 */
"use strict";
{
    const MARK = "data-a11y-named";

    function labelText(element) {
        return element ? element.textContent.replace(/\s+/g, " ").trim().replace(/[:?]$/, "") : "";
    }

    function ensureId(element, id) {
        if (!element.id) {
            element.id = id;
        }
        return element.id;
    }

    // Inline rows: "<column header>, row <n>", and point select2 at the header.
    function nameInlineControls(root) {
        for (const table of root.querySelectorAll(".tabular table")) {
            if (!table.tHead) {
                continue;
            }
            const headers = [...table.tHead.rows[0].cells];
            const rows = [...table.querySelectorAll("tbody tr.form-row")].filter(
                (row) => !row.classList.contains("empty-form"),
            );
            rows.forEach((row, index) => {
                [...row.cells].forEach((cell, column) => {
                    const header = headers[column];
                    const name = labelText(header);
                    if (!name) {
                        return;
                    }
                    const controls = cell.querySelectorAll("input:not([type=hidden]), select, textarea");
                    for (const control of controls) {
                        if (control.labels.length && !control.hasAttribute(MARK)) {
                            continue;
                        }
                        control.setAttribute("aria-label", `${name}, row ${index + 1}`);
                        control.setAttribute(MARK, "");
                    }
                });
            });
        }
    }

    // Select2: keep its value in the name but put the field's label first.
    function nameAutocompletes(root) {
        // The photo picker (photo-picker.js) is a Select2 of its own, set up before this runs.
        for (const select of root.querySelectorAll("select.admin-autocomplete, select.photo-picker")) {
            if (select.name.includes("__prefix__")) {
                continue;
            }
            const container = select.nextElementSibling;
            if (!container || !container.classList.contains("select2")) {
                continue;
            }
            let labelId = "";
            if (select.labels.length) {
                labelId = ensureId(select.labels[0], `${select.id}_label`);
            } else if (select.hasAttribute("aria-label")) {
                // An inline cell: a hidden span carries the name built above.
                let span = document.getElementById(`${select.id}_name`);
                if (!span) {
                    span = document.createElement("span");
                    span.id = `${select.id}_name`;
                    span.hidden = true;
                    container.after(span);
                }
                span.textContent = select.getAttribute("aria-label");
                labelId = span.id;
            }
            if (!labelId) {
                continue;
            }
            const single = container.querySelector(".select2-selection--single");
            if (single) {
                // The value shows in a read-only "textbox" inside the combobox; name both.
                const rendered = container.querySelector(".select2-selection__rendered");
                single.setAttribute("aria-labelledby", `${labelId} ${rendered ? rendered.id : ""}`.trim());
                if (rendered) {
                    rendered.setAttribute("aria-labelledby", labelId);
                }
            }
            const search = container.querySelector(".select2-search__field");
            if (search) {
                search.setAttribute("aria-labelledby", labelId);
            }
            hideClearButton(container);
        }
    }

    // A multiple select's "clear all" is a bare <span>x</span> that Select2
    // puts inside its <ul> of choices (and re-creates on every change). It is
    // a mouse shortcut; the keyboard clears with Delete. Hide it from
    // assistive technology so the list holds only the chosen items.
    function hideClearButton(container) {
        const list = container.querySelector("ul.select2-selection__rendered");
        if (!list || list.hasAttribute(MARK)) {
            return;
        }
        const hide = () => {
            for (const clear of list.querySelectorAll(":scope > .select2-selection__clear")) {
                clear.setAttribute("aria-hidden", "true");
            }
        };
        hide();
        new MutationObserver(hide).observe(list, {childList: true});
        list.setAttribute(MARK, "");
    }

    function nameControls(root) {
        nameInlineControls(root);
        nameAutocompletes(root);
    }

    // django.jQuery's ready queue runs in order, so this runs after
    // autocomplete.js has turned the selects into Select2 widgets.
    django.jQuery(() => nameControls(document));
    // Likewise, registered after autocomplete.js's own listener.
    document.addEventListener("formset:added", () => nameControls(document));
    document.addEventListener("formset:removed", () => nameControls(document));
}
