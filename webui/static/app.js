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
        const needle = filter.value.toLowerCase();
        facet.classList.toggle("expanded", needle.length > 0);
        for (const item of facet.querySelectorAll("li")) {
          item.hidden = needle && !item.textContent.toLowerCase().includes(needle);
        }
      });
    }
  }
  const back = document.querySelector("[data-back]");
  if (back) {
    back.addEventListener("click", (event) => { event.preventDefault(); history.back(); });
  }
  enableRangeSelection(document.querySelector(".timeline .histogram"));
});

// Drag across the histogram's bars to select a range of periods.
function enableRangeSelection(svg) {
  if (!svg) return;
  const links = Array.from(svg.querySelectorAll(".bar-link"));
  let first = null;
  const startOf = (target) => target.closest && target.closest(".bar-link");
  svg.addEventListener("mousedown", (event) => {
    const link = startOf(event.target);
    if (link) { first = link; event.preventDefault(); }
  });
  svg.addEventListener("mouseup", (event) => {
    const link = startOf(event.target);
    if (!first || !link || link === first) { first = null; return; }
    event.preventDefault();
    const [a, b] = [links.indexOf(first), links.indexOf(link)].sort((x, y) => x - y);
    const url = new URL(window.location.href);
    url.searchParams.set("from", links[a].dataset.start);
    url.searchParams.set("to", links[b].dataset.start);
    url.searchParams.delete("page");
    first = null;
    window.location.assign(url.toString());
  });
}
