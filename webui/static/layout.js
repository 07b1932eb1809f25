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
    if (kept && kept.url === window.location.href) {
      sidebar.scrollTop = kept.top;
      // again once every script has enhanced the lists (a filter box shown adds height), before the first paint
      requestAnimationFrame(() => { sidebar.scrollTop = kept.top; });
    }
  } catch (error) {
    return; // storage refused (private mode): the page still works, from the top
  }
  sidebar.addEventListener("click", (event) => {
    const url = destination(event.target);
    if (!url) return;
    try {
      sessionStorage.setItem(PLACE, JSON.stringify({ url, top: sidebar.scrollTop }));
    } catch (error) {
      // storage refused: nothing to keep
    }
  });
}

// The address a click loads: a link's, or what a button of a GET form submits (its form's state and its value).
function destination(target) {
  const control = target.closest && target.closest("a[href], button[form]");
  if (!control) return null;
  if (control.tagName === "A") return control.getAttribute("href").startsWith("#") ? null : control.href;
  const form = control.form;
  if (!form || form.method !== "get") return null;
  const url = new URL(form.action);
  url.search = new URLSearchParams(new FormData(form, control)).toString();
  return url.href;
}
