// Enhancements only: the page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const facet of document.querySelectorAll(".facet")) {
    const more = facet.querySelector("[data-more]");
    if (more) {
      more.addEventListener("click", (event) => {
        event.preventDefault();
        facet.classList.toggle("expanded");
        more.textContent = facet.classList.contains("expanded") ? "Show fewer" : "Show more";
      });
    }
    const filter = facet.querySelector(".facet-filter");
    if (filter) {
      filter.addEventListener("input", () => {
        const needle = fold(filter.value.trim());
        facet.classList.toggle("expanded", needle.length > 0);
        for (const item of facet.querySelectorAll("li")) {
          const value = item.querySelector("a, button:not(.exclude)") || item;  // the value, not its count or exclude button
          item.hidden = needle.length > 0 && !fold(value.textContent).includes(needle);
        }
      });
    }
  }
  const back = document.querySelector("[data-back]");
  if (back) {
    back.addEventListener("click", (event) => { event.preventDefault(); history.back(); });
  }
});

// Fold text as search does (archive/names.py, fold_text): case, accents and Unicode forms, so "zurich" finds
// "Zürich" however it is written.
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const LETTERS = { "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe" };
function fold(text) {
  return text.toLowerCase().normalize("NFKD").replace(ACCENTS, "").replace(/[ßøłđħıŧæœ]/g, (c) => LETTERS[c]);
}
