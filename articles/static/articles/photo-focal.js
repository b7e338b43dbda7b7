/* Click-to-set focal point on a photo's page, keyboard operable too.
 *
 * Clicking the whole picture (or moving with the arrow keys while it has
 * focus; Shift for larger steps) moves the crosshair, fills the "focal
 * point" fields the form saves, and shows the 16:9, 4:3 and 1:1 crops as they
 * will be cut.
 */
"use strict";
{
    const picker = document.querySelector(".focal-picker");
    const fieldX = document.getElementById("id_focal_x");
    const fieldY = document.getElementById("id_focal_y");
    if (picker && fieldX && fieldY) {
        const crosshair = picker.querySelector(".focal-crosshair");
        const status = document.querySelector(".focal-status");
        const crops = document.querySelectorAll(".crop-preview img");
        const clamp = (value) => Math.min(1, Math.max(0, value));
        const round = (value) => Math.round(value * 1000) / 1000;

        function show(x, y, announce) {
            fieldX.value = round(x);
            fieldY.value = round(y);
            crosshair.style.left = (x * 100) + "%";
            crosshair.style.top = (y * 100) + "%";
            crops.forEach((img) => {
                img.style.objectPosition = (x * 100) + "% " + (y * 100) + "%";
            });
            const text = "Focal point " + Math.round(x * 100) + "% across, " + Math.round(y * 100) + "% down.";
            if (announce) status.textContent = text + " Save to apply.";
        }

        picker.addEventListener("click", (event) => {
            const box = picker.querySelector("img").getBoundingClientRect();
            show(clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height), true);
        });
        picker.addEventListener("keydown", (event) => {
            const step = event.shiftKey ? 0.1 : 0.02;
            const moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step]};
            const move = moves[event.key];
            if (!move) return;
            event.preventDefault();
            show(clamp(Number(fieldX.value) + move[0]), clamp(Number(fieldY.value) + move[1]), true);
        });
        [fieldX, fieldY].forEach((field) => field.addEventListener("input", () => {
            show(clamp(Number(fieldX.value)), clamp(Number(fieldY.value)), false);
        }));
        show(clamp(Number(fieldX.value)), clamp(Number(fieldY.value)), false);
    }
}
