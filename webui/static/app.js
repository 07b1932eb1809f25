// Enhancements only: the page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const facet of document.querySelectorAll(".facet[data-facet]")) enableFacet(facet);
});

// Fold text as search does (archive/names.py, fold_text): case, accents and Unicode forms, so "zurich" finds
// "Zürich" however it is written.
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const LETTERS = { "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe" };
function fold(text) {
  return text.toLowerCase().normalize("NFKD").replace(ACCENTS, "").replace(/[ßøłđħıŧæœ]/g, (c) => LETTERS[c]);
}

// Facet lists. The page lists each facet's first values; the filter box and "Show more" ask
// /api/facet/<name>, with the page's search state, for the values that match what was typed or for the next
// page. Values come from documents: items are built as DOM nodes with textContent, never as HTML. When a
// request fails the box filters the values already listed.
const FACET_PAGE = 20;
const TYPING_PAUSE = 150;  // ms after the last key before the server is asked

function enableFacet(facet) {
  const list = facet.querySelector("ul");
  const box = facet.querySelector(".facet-filter");
  const more = facet.querySelector("[data-more]");
  const status = facet.querySelector(".facet-status");
  const listed = Array.from(list.children);  // the page's own items, put back when the box is emptied
  let asking = null;  // the AbortController of the request in flight
  let timer = 0;
  let typed = "";
  let shown = listed.length;

  const ask = async (contains, offset) => {
    if (asking) asking.abort();
    const controller = asking = new AbortController();
    const url = new URL("/api/facet/" + encodeURIComponent(facet.dataset.facet), window.location.origin);
    for (const [key, value] of new URLSearchParams(window.location.search)) url.searchParams.append(key, value);
    url.searchParams.set("contains", contains);
    url.searchParams.set("offset", String(offset));
    url.searchParams.set("size", String(FACET_PAGE));
    const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
    const page = await response.json();
    if (asking === controller) asking = null;
    return page;
  };
  const say = (text) => { if (status) status.textContent = text; };
  const showMore = (visible) => { if (more) more.hidden = !visible; };
  const failed = (error) => {
    if (error.name === "AbortError") return;  // a newer request replaced it
    filterListed(list, typed);
    say("Could not ask the server; showing matches among the listed values.");
  };

  const lookUp = async () => {
    const contains = typed;
    try {
      const page = await ask(contains, 0);
      if (contains !== typed) return;  // typed on meanwhile
      list.replaceChildren(...page.values.map((value) => facetItem(facet, value)));
      shown = page.values.length;
      showMore(shown < page.matching);
      say(page.matching ? `${page.matching} ${page.matching === 1 ? "value matches" : "values match"}` : "No value matches");
    } catch (error) { failed(error); }
  };

  if (box) {
    box.hidden = false;
    box.addEventListener("input", () => {
      typed = box.value.trim();
      window.clearTimeout(timer);
      if (asking) asking.abort();  // its answer is for what was typed before
      if (!typed) {  // back to the page's own list
        list.replaceChildren(...listed);
        for (const item of listed) item.hidden = false;
        shown = listed.length;
        showMore(true);
        say("");
        return;
      }
      filterListed(list, typed);  // at once, from what is listed; the server's answer follows
      timer = window.setTimeout(lookUp, TYPING_PAUSE);
    });
    box.addEventListener("keydown", (event) => {
      const first = valueControls(list)[0];
      if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
      if (event.key === "Enter" && first) {  // the first value: added as a filter (a selected one is only focused)
        event.preventDefault();
        if (first.tagName === "BUTTON") first.click(); else first.focus();
      }
      if (event.key === "Escape" && box.value) { event.preventDefault(); box.value = ""; box.dispatchEvent(new Event("input")); }
    });
  }
  list.addEventListener("keydown", (event) => {  // arrow keys move between values; up from the first, to the box
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const controls = valueControls(list);
    const item = document.activeElement.closest("li");
    const at = controls.indexOf(item && item.firstElementChild);
    if (at < 0) return;
    event.preventDefault();
    const next = at + (event.key === "ArrowDown" ? 1 : -1);
    if (next >= 0 && next < controls.length) controls[next].focus();
    else if (next < 0 && box && !box.hidden) box.focus();
  });
  if (more) {
    more.hidden = false;
    more.addEventListener("click", async () => {
      try {
        const page = await ask(typed, shown);
        const items = page.values.map((value) => facetItem(facet, value));
        list.append(...items);
        shown += items.length;
        showMore(shown < page.matching);
        say(`${shown} of ${page.matching} values listed`);
        if (items.length) items[0].firstElementChild.focus();
      } catch (error) { failed(error); }
    });
  }
}

// The value controls (a value's button, or a selected value's link) of the visible items of a list.
function valueControls(list) {
  return Array.from(list.children).filter((item) => !item.hidden).map((item) => item.firstElementChild);
}

// Hide the listed values that do not contain what was typed (case, accents and Unicode forms ignored).
function filterListed(list, typed) {
  const needle = fold(typed);
  for (const item of list.children) {
    item.hidden = !fold(item.firstElementChild.textContent).includes(needle);
  }
}

// One item of a facet list, as the page's template (webui/templates/_facets.html) writes it.
function facetItem(facet, entry) {
  const item = document.createElement("li");
  if (entry.selected !== null && entry.selected !== undefined) {
    item.className = "selected";
    const link = document.createElement("a");
    link.href = urlWithout(facet.dataset.param, entry.selected);
    link.title = "Remove this filter";
    link.setAttribute("aria-current", "true");
    link.textContent = "✓ " + entry.value;
    item.append(link);
  } else {
    item.append(narrowButton(facet.dataset.param, entry.value, entry.value));
  }
  const count = document.createElement("span");
  count.className = "count";
  count.textContent = String(entry.count);
  item.append(" ", count);
  if (!item.className && facet.dataset.exclude) {
    const exclude = narrowButton(facet.dataset.exclude, entry.value, "−");
    exclude.className = "exclude";
    exclude.setAttribute("aria-label", "Exclude " + entry.value);
    item.append(" ", exclude);
  }
  return item;
}

// A button of the #narrow form, which carries the search state: it adds name=value to it.
function narrowButton(name, value, text) {
  const button = document.createElement("button");
  button.setAttribute("form", "narrow");
  button.name = name;
  button.value = value;
  button.textContent = text;
  return button;
}

// This page's URL without one filter value, on its first page.
function urlWithout(name, value) {
  const url = new URL(window.location.href);
  const kept = Array.from(url.searchParams).filter(([k, v]) => !(k === name && v === value) && k !== "page");
  url.search = new URLSearchParams(kept).toString();
  return url.pathname + url.search;
}
