/* The photo desk's upload page: many files at once, by drag and drop or the
 * file picker. Each file is sent on its own request, with its own progress
 * bar, and comes back either as a stored photo (with the caption, credit and
 * alt text read from it, for review) or refused with the reason. One refused
 * file never stops the others. Files go one after another: the server checks
 * and renders each picture in full, and a queue keeps that steady.
 */
"use strict";
{
    const form = document.getElementById("photo-upload-form");
    const input = document.getElementById("photo-files");
    const zone = document.getElementById("drop-zone");
    const list = document.getElementById("upload-list");
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const maxBytes = Number(form.dataset.maxBytes);

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined) node.textContent = text;
        return node;
    }

    function detail(dl, term, value, missing) {
        dl.append(element("dt", "", term));
        dl.append(element("dd", value ? "" : "missing", value || missing));
    }

    function refuse(item, status, message, link) {
        item.classList.add("refused");
        status.textContent = "Refused: " + message;
        if (link) {
            const open = element("a", "", "Open the photo already in the library");
            open.href = link;
            item.append(open);
        }
    }

    function accept(item, status, photo) {
        item.classList.add("done");
        status.textContent = "Uploaded.";
        const thumb = element("img", "upload-thumb");
        thumb.src = photo.thumb_url;
        thumb.alt = "";
        const facts = element("dl", "upload-facts");
        detail(facts, "Caption", photo.caption, "None in the file");
        detail(facts, "Credit", photo.credit, "None in the file: add one before a story uses it");
        detail(facts, "Alt text", photo.alt_text, "None in the file: write one before a story leads with it");
        detail(facts, "Size", photo.size);
        const edit = element("a", "upload-edit", "Review and edit");
        edit.href = photo.change_url;
        item.append(thumb, facts, edit);
    }

    let queue = Promise.resolve();

    function upload(file) {
        const item = element("li", "upload-item");
        const name = element("p", "upload-name", file.name);
        const progress = element("progress");
        progress.max = 100;
        progress.value = 0;
        progress.setAttribute("aria-label", "Uploading " + file.name);
        const status = element("p", "upload-status", "Waiting…");
        item.append(name, progress, status);
        list.append(item);

        if (file.size > maxBytes) {  // the server says the same; this spares the wait
            progress.remove();
            refuse(item, status, "the file is larger than " + form.dataset.maxSize + ".");
            return;
        }
        queue = queue.then(() => new Promise((done) => send(file, item, progress, status, done)));
    }

    function send(file, item, progress, status, done) {
        status.textContent = "Uploading…";
        const body = new FormData();
        body.append("image", file, file.name);
        const request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.setRequestHeader("X-CSRFToken", csrf);
        request.setRequestHeader("Accept", "application/json");
        request.upload.addEventListener("progress", (event) => {
            if (event.lengthComputable) {
                progress.value = Math.round((event.loaded / event.total) * 100);
                status.textContent = "Uploading… " + progress.value + "%";
            }
        });
        request.upload.addEventListener("load", () => {
            progress.value = 100;
            status.textContent = "Checking the picture…";
        });
        request.addEventListener("loadend", done);
        request.addEventListener("load", () => {
            let answer = null;
            try {
                answer = JSON.parse(request.responseText);
            } catch (error) {
                answer = null;
            }
            progress.remove();
            if (answer && answer.ok) {
                accept(item, status, answer);
            } else if (answer) {
                refuse(item, status, answer.error, answer.existing_url);
            } else {
                refuse(item, status, "the server did not answer (" + request.status + "). Try again.");
            }
        });
        request.addEventListener("error", () => {
            progress.remove();
            refuse(item, status, "the upload was interrupted. Try again.");
        });
        request.send(body);
    }

    function uploadAll(files) {
        Array.from(files).forEach(upload);
    }

    input.addEventListener("change", () => {
        uploadAll(input.files);
        input.value = "";
    });
    ["dragenter", "dragover"].forEach((type) => zone.addEventListener(type, (event) => {
        event.preventDefault();
        zone.classList.add("dragging");
    }));
    ["dragleave", "drop"].forEach((type) => zone.addEventListener(type, () => zone.classList.remove("dragging")));
    zone.addEventListener("drop", (event) => {
        event.preventDefault();
        uploadAll(event.dataTransfer.files);
    });
}
