// Filter, search and sort the claims ledger and the sources table in the page itself (no network).
// A table opts in by sitting in a .ledger block next to a .ledger-controls form: selects with
// data-filter="<name>" match the row's data-<name> attribute, the search box matches the row's text,
// and each header button sorts by its column (numbers by the cell's data-sort value when present).
(function () {
  "use strict";

  function cellKey(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
  }

  // A row's sort key: its data-key-<name>, else its filter attribute data-<name> (the chapter needs no copy).
  function sortKey(row, name) {
    var key = "data-key-" + name;
    return (row.hasAttribute(key) ? row.getAttribute(key) : row.getAttribute("data-" + name)) || "";
  }

  function setUp(block) {
    var form = block.querySelector(".ledger-controls");
    var table = block.querySelector("table");
    if (!form || !table || !table.tBodies.length) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var count = form.querySelector(".ledger-count");
    var noun = block.getAttribute("data-noun") || "claims";
    var filters = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var search = form.querySelector("input[data-filter='text']");
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });

    function apply() {
      var words = search ? search.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
      var shown = 0;
      rows.forEach(function (row, i) {
        var keep = filters.every(function (select) {
          return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter")) === select.value;
        }) && words.every(function (word) { return texts[i].indexOf(word) !== -1; });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      if (count) count.textContent = shown === rows.length ? rows.length + " " + noun : shown + " of " + rows.length + " " + noun;
    }

    filters.forEach(function (select) { select.addEventListener("change", apply); });
    if (search) search.addEventListener("input", apply);

    // Tables made in other modules (the sources appendix) get sort buttons on their headers and phone labels here.
    var hasSortSelect = !!form.querySelector("select[data-sort-by]");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      if (!hasSortSelect && !header.querySelector("button.ledger-sort")) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "ledger-sort";
        button.setAttribute("data-column", String(column));
        button.textContent = header.textContent;
        header.textContent = "";
        header.appendChild(button);
      }
      rows.forEach(function (row) {
        if (row.cells[column] && !row.cells[column].hasAttribute("data-label")) {
          row.cells[column].setAttribute("data-label", header.textContent);
        }
      });
    });
    // A "Sort by" select orders rows by their data-key-<name> attribute ("name:asc" or "name:desc");
    // empty keys (qualitative claims have no claimed value) go last either way. Claimed values are compared
    // only within a unit: rows group by data-key-unit (A to Z), then sort by value inside each unit.
    var sortBy = form.querySelector("select[data-sort-by]");
    if (sortBy) {
      sortBy.addEventListener("change", function () {
        var parts = sortBy.value.split(":"), sign = parts[1] === "desc" ? -1 : 1;
        var sorted = rows.slice().sort(function (a, b) {
          var x = sortKey(a, parts[0]), y = sortKey(b, parts[0]);
          if (x === "" || y === "") return (x === "") - (y === "");
          if (parts[0] === "claimed") {
            var unitOrder = (a.getAttribute("data-key-unit") || "").localeCompare(b.getAttribute("data-key-unit") || "");
            if (unitOrder) return unitOrder;
          }
          var nx = Number(x), ny = Number(y);
          var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return sign * order || Number(a.getAttribute("data-key-article")) - Number(b.getAttribute("data-key-article"));
        });
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    }
    var buttons = Array.prototype.slice.call(table.querySelectorAll("th button.ledger-sort"));
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var column = Number(button.getAttribute("data-column"));
        var header = button.parentNode;
        var numeric = header.getAttribute("data-sort-kind") === "number";
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        buttons.forEach(function (other) { other.parentNode.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var sorted = rows.slice().sort(function (a, b) {
          var x = cellKey(a, column), y = cellKey(b, column);
          if (numeric) {
            // Rows without a number (qualitative claims) go last either way.
            if (x === "" || y === "") return (x === "") - (y === "");
            x = Number(x); y = Number(y);
            return ascending ? x - y : y - x;
          }
          return ascending ? x.localeCompare(y) : y.localeCompare(x);
        });
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });
    apply();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".ledger"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
