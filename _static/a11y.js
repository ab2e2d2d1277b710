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
  // The colour-mode button's icons are decorative and its label says what it does. Font Awesome swaps
  // them for titled SVG images whenever it likes, so hide each one from assistive technology as it comes.
  document.querySelectorAll(".theme-switch-button").forEach(function (button) {
    var hideIcons = function () {
      button.querySelectorAll("svg").forEach(function (icon) {
        if (icon.getAttribute("aria-hidden") === "true" && !icon.hasAttribute("role")) return;
        icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
        icon.removeAttribute("aria-labelledby");
        icon.removeAttribute("role");
        icon.setAttribute("aria-hidden", "true");
      });
    };
    hideIcons();
    new MutationObserver(hideIcons).observe(button, {childList: true, subtree: true, attributes: true});
  });
});
