// Enhancements only (issue 13, point 5): the page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const panel = document.querySelector(".facet-panel");
  const sidebar = document.querySelector(".facets");
  if (!panel || !sidebar) return;
  // Wide screens show the panel's content through ::details-content even while it is closed; opened here too,
  // so browsers without ::details-content show it and assistive technology reads it as open.
  if (window.matchMedia("(min-width: 801px)").matches) panel.open = true;
  keepSidebarPlace(sidebar);
});

// A click on a filter in the sidebar loads a new page; keep the sidebar scrolled where the reader was.
const PLACE = "archive.sidebar";
function keepSidebarPlace(sidebar) {
  try {
    const kept = JSON.parse(sessionStorage.getItem(PLACE) || "null");
    sessionStorage.removeItem(PLACE);
    if (kept && kept.url === window.location.href) sidebar.scrollTop = kept.top;
  } catch (error) {
    return; // storage refused (private mode): the page still works, from the top
  }
  sidebar.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.getAttribute("href").startsWith("#")) return;
    try {
      sessionStorage.setItem(PLACE, JSON.stringify({ url: link.href, top: sidebar.scrollTop }));
    } catch (error) {
      // storage refused: nothing to keep
    }
  });
}
