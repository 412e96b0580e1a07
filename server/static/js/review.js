// The review grid's keyboard and editors: j / k (or Alt+↓ / Alt+↑) move between rows, e opens
// the first editor of the focused row, Esc closes it; a date picker fills the date field (which
// also takes 31.05.2020 typed); the author and the token, typed once at the top, go with every
// correction (kept for this tab only, in sessionStorage: no cookie).
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("section.review-row"));
  var author = document.getElementById("review-author");
  var token = document.getElementById("review-token");
  if (token && !token.value) { token.value = sessionStorage.getItem("coopgraph-token") || ""; }
  if (author && !author.value) { author.value = sessionStorage.getItem("coopgraph-author") || ""; }

  function typing(el) { return el && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName); }
  function move(step) {
    var current = document.activeElement && document.activeElement.closest("section.review-row");
    var i = current ? rows.indexOf(current) + step : 0;
    if (i >= 0 && i < rows.length) { rows[i].focus(); rows[i].scrollIntoView({ block: "nearest" }); }
  }
  document.addEventListener("keydown", function (evt) {
    if (evt.key === "Escape") {
      var open = document.activeElement && document.activeElement.closest("details.edit[open]");
      if (open) { open.open = false; open.querySelector("summary").focus(); }
      return;
    }
    if (typing(evt.target) || evt.ctrlKey || evt.metaKey) { return; }
    if (evt.key === "j" || (evt.altKey && evt.key === "ArrowDown")) { evt.preventDefault(); move(1); }
    else if (evt.key === "k" || (evt.altKey && evt.key === "ArrowUp")) { evt.preventDefault(); move(-1); }
    else if (evt.key === "e") {
      var row = evt.target.closest && evt.target.closest("section.review-row");
      var first = row && row.querySelector("details.edit");
      if (first) { evt.preventDefault(); first.open = true; var f = first.querySelector("[name=value]"); if (f) { f.focus(); } }
    }
  });
  document.querySelectorAll("details.edit").forEach(function (d) {
    d.addEventListener("toggle", function () {
      if (d.open) { var f = d.querySelector("[name=value]"); if (f) { f.focus(); } }
    });
  });
  document.querySelectorAll(".date-widget").forEach(function (w) {
    var text = w.querySelector("[name=value]");
    var picker = w.querySelector("input.picker");
    picker.addEventListener("change", function () { if (picker.value) { text.value = picker.value; text.focus(); } });
  });
  document.querySelectorAll("form.inline").forEach(function (form) {
    form.addEventListener("submit", function (evt) {
      if (!author || !token) { return; }
      if (!author.value.trim() || !token.value) {
        evt.preventDefault();
        (author.value.trim() ? token : author).focus();
        return;
      }
      sessionStorage.setItem("coopgraph-token", token.value);
      sessionStorage.setItem("coopgraph-author", author.value.trim());
      form.querySelector("[name=author]").value = author.value.trim();
      form.querySelector("[name=token]").value = token.value;
    });
  });
  var invalid = document.querySelector("[aria-invalid=true]");
  if (invalid) { invalid.focus(); }
})();
