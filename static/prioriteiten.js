// The contact form's priorities: as the wijk, date or themes change, the chosen wijk's
// priorities valid in that year move to the front, those matching a chosen theme first and
// marked "past bij de thema's"; the others go behind "Prioriteiten van andere wijken".
// Without this script the server does the same when the form is shown (ContactmomentForm).
(function () {
  "use strict";
  function start() {
    var blok = document.querySelector(".prioriteitvoorstel");
    if (!blok) { return; }
    var data = JSON.parse(blok.getAttribute("data-prioriteiten") || "{}");
    var form = blok.closest("form");
    var bakken = blok.querySelectorAll(".keuzes");
    if (bakken.length < 1) { return; }
    var voor = bakken[0];
    var achter = bakken.length > 1 ? bakken[1] : null;
    var labels = Array.prototype.slice.call(blok.querySelectorAll("label.keuze"));
    labels.forEach(function (l) {
      var tekst = l.querySelector("span");
      l.setAttribute("data-titel", tekst.textContent.replace(/ \(past bij de thema's\)$/, ""));
    });
    function ordenen() {
      var wijk = parseInt((form.querySelector("[name=wijk]") || {}).value, 10);
      var datum = (form.querySelector("[name=datum]") || {}).value || "";
      var jaar = parseInt(datum.slice(0, 4), 10) || new Date().getFullYear();
      var themas = Array.prototype.map.call(
        form.querySelectorAll("[name=themas]:checked"), function (i) { return parseInt(i.value, 10); });
      var eigen = [], andere = [];
      labels.forEach(function (l) {
        var p = data[l.querySelector("input").value];
        if (!p) { return; }
        var geldig = p[1] <= jaar && (p[2] === null || p[2] >= jaar);
        var past = p[3].some(function (t) { return themas.indexOf(t) >= 0; });
        var span = l.querySelector("span");
        var titel = l.getAttribute("data-titel");
        if (p[0] === wijk && geldig) {
          span.textContent = past ? titel + " (past bij de thema's)" : titel;
          l.classList.toggle("voorgesteld", past);
          eigen.push([past ? 0 : 1, l]);
        } else {
          l.classList.remove("voorgesteld");
          andere.push(l);
        }
      });
      eigen.sort(function (a, b) { return a[0] - b[0]; });
      eigen.forEach(function (e) { voor.appendChild(e[1]); });
      if (achter) { andere.forEach(function (l) { achter.appendChild(l); }); }
    }
    form.addEventListener("change", function (e) {
      var naam = e.target.getAttribute("name");
      if (naam === "wijk" || naam === "themas" || naam === "datum") { ordenen(); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
