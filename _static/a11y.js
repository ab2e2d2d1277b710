// Accessibility fixes for the theme's markup, applied on every page.
document.addEventListener("DOMContentLoaded", function () {
  // Controls labelled with words other than the ones they show ("Search" on a "Search Ctrl+K" button,
  // "Toggle hidden content" on "Show code cell source"): let the visible text be their accessible name.
  document.querySelectorAll("button[aria-label], summary[aria-label]").forEach(function (control) {
    var visible = control.innerText.trim();
    if (visible && control.getAttribute("aria-label").indexOf(visible) === -1) {
      control.removeAttribute("aria-label");
    }
  });
  // Wide result tables scroll sideways; keyboard users must be able to focus them to scroll.
  document.querySelectorAll(".cell_output table").forEach(function (table) {
    if (table.scrollWidth > table.clientWidth) {
      table.setAttribute("tabindex", "0");
      table.setAttribute("role", "region");
      table.setAttribute("aria-label", "Scrollable table");
    }
  });
});

// The colour-mode button's icons are decorative and its label says what it does, but Font Awesome
// (which swaps the icons in after the page loads) gives them titles that would be read as its text.
window.addEventListener("load", function () {
  document.querySelectorAll(".theme-switch-button svg").forEach(function (icon) {
    icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
    icon.removeAttribute("aria-labelledby");
  });
});
