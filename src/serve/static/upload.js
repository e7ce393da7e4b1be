// Optional drag and drop onto the upload form; the form works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const drop = document.querySelector(".drop");
  const input = document.getElementById("file");
  if (!drop || !input) return;
  const on = (e) => { e.preventDefault(); drop.classList.add("over"); };
  const off = () => drop.classList.remove("over");
  drop.addEventListener("dragenter", on);
  drop.addEventListener("dragover", on);
  drop.addEventListener("dragleave", off);
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    off();
    if (e.dataTransfer && e.dataTransfer.files.length > 0) {
      input.files = e.dataTransfer.files;
    }
  });
});
