// The timelines (webui/templates/_timeline.html), enhanced: drag across the bars to choose a range (a brush
// follows the pointer), or focus the chart (one Tab stop) and choose with the keyboard: arrows move, Shift+arrows
// extend, Home/End jump, Enter applies, Escape forgets. Without this script each bar is a plain link.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const svg of document.querySelectorAll(".timeline svg.histogram")) enableChart(svg);
});

const SVG = "http://www.w3.org/2000/svg";

function enableChart(svg) {
  const slots = Array.from(svg.querySelectorAll(".slot"));
  if (!slots.length) return;
  // One control: the bars leave the Tab order and are no longer links inside it (the chart handles them).
  for (const link of svg.querySelectorAll("a[href]")) {
    link.dataset.href = link.getAttribute("href");
    link.removeAttribute("href");
  }
  const marked = slots.map((s) => s.querySelector(".selected") !== null);
  // Start from the range the page is filtered by, if any.
  const state = { anchor: null, cursor: 0, dragging: false };
  if (marked.includes(true)) {
    state.anchor = marked.indexOf(true);
    state.cursor = marked.lastIndexOf(true);
  }
  const brush = document.createElementNS(SVG, "rect");
  brush.setAttribute("class", "brush");
  brush.setAttribute("y", "14");
  brush.setAttribute("height", "80");
  brush.style.display = "none";
  svg.insertBefore(brush, slots[0]);  // behind the bars
  const caption = svg.closest(".chart").querySelector("figcaption .muted");
  svg.setAttribute("tabindex", "0");
  svg.setAttribute("role", "slider");
  svg.setAttribute("aria-valuemin", "0");
  svg.setAttribute("aria-valuemax", String(slots.length - 1));
  svg.setAttribute("aria-roledescription", "range chooser");
  svg.setAttribute("aria-keyshortcuts", "ArrowLeft ArrowRight Shift+ArrowLeft Shift+ArrowRight Home End Enter Escape");

  const range = () => {
    const a = state.anchor === null ? state.cursor : state.anchor;
    return [Math.min(a, state.cursor), Math.max(a, state.cursor)];
  };
  const box = (slot) => slot.querySelector("rect");
  const draw = (show) => {
    const [a, b] = range();
    const first = box(slots[a]), last = box(slots[b]);
    const x = Number(first.getAttribute("x")) - 1;
    const end = Number(last.getAttribute("x")) + Number(last.getAttribute("width")) + 1;
    brush.setAttribute("x", x.toFixed(1));
    brush.setAttribute("width", (end - x).toFixed(1));
    brush.style.display = show ? "" : "none";
    const count = Number(slots[a].dataset.count).toLocaleString("en");
    const text = a === b ? `${slots[a].dataset.text}: ${count} documents` : `${slots[a].dataset.text} to ${slots[b].dataset.text}`;
    svg.setAttribute("aria-valuenow", String(state.cursor));
    svg.setAttribute("aria-valuetext", text);
    svg.dataset.range = `${slots[a].dataset.start}/${slots[b].dataset.end}`;
  };
  const apply = () => {
    const [a, b] = range();
    if (a === b && slots[a].dataset.href) { window.location.assign(slots[a].dataset.href); return; }
    if (a === b && !Number(slots[a].dataset.count)) return;  // an empty period leads nowhere
    const url = new URL(window.location.href);
    url.searchParams.set(svg.dataset.fromParam, slots[a].dataset.start);
    url.searchParams.set(svg.dataset.toParam, slots[b].dataset.end);
    url.searchParams.delete("page");
    window.location.assign(url.toString());
  };
  draw(false);

  svg.addEventListener("keydown", (event) => {
    const last = slots.length - 1;
    const moves = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1 };
    let cursor = state.cursor;
    if (event.key in moves) cursor += moves[event.key];
    else if (event.key === "Home") cursor = 0;
    else if (event.key === "End") cursor = last;
    else if (event.key === "Enter") { event.preventDefault(); apply(); return; }
    else if (event.key === "Escape") { state.anchor = null; draw(false); return; }
    else return;
    event.preventDefault();
    if (!event.shiftKey) state.anchor = null;
    else if (state.anchor === null) state.anchor = state.cursor;
    state.cursor = Math.max(0, Math.min(last, cursor));
    draw(true);
  });
  svg.addEventListener("focus", () => draw(true));
  svg.addEventListener("blur", () => { if (!state.dragging) brush.style.display = "none"; });

  // Pointer: press on a bar, drag to another, release to apply; a press and release on one bar follows its link.
  const slotAt = (event) => {
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
    let nearest = 0;
    slots.forEach((slot, i) => { if (Number(box(slot).getAttribute("x")) - 1 <= point.x) nearest = i; });
    return nearest;
  };
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || event.target.closest(".bin-link")) return;
    event.preventDefault();  // no text selection, no dragging the link away
    svg.focus({ preventScroll: true });
    svg.setPointerCapture(event.pointerId);
    state.dragging = true;
    state.anchor = state.cursor = slotAt(event);
    draw(true);
  });
  svg.addEventListener("pointermove", (event) => {
    if (!state.dragging) return;
    const at = slotAt(event);
    if (at !== state.cursor) { state.cursor = at; draw(true); }
  });
  svg.addEventListener("pointerup", (event) => {
    if (!state.dragging) return;
    state.dragging = false;
    state.cursor = slotAt(event);
    draw(true);
    apply();
  });
  svg.addEventListener("pointercancel", () => { state.dragging = false; draw(false); });
  svg.addEventListener("click", (event) => {
    const bin = event.target.closest(".bin-link");
    if (bin) window.location.assign(bin.dataset.href);
  });
}
