// The interactive partner network of /network (cytoscape.js, vendored): loads
// /network/data.json for the filter form's values, draws the nodes at the positions the server
// computed (the same seeded layout as the PNG), searches and highlights by name, and shows a
// node's measures with a link to its linked-data page. A static file, so the Content Security
// Policy needs no inline-script hash for it.
(function () {
  "use strict";
  var root = document.getElementById("cy").dataset.root || "";
  var form = document.getElementById("filters");
  var box = document.getElementById("cy");
  var details = document.getElementById("details");
  // The page's words, translated on the server (gettext catalogues), in a JSON data block.
  var T = JSON.parse(document.getElementById("network-strings").textContent);
  var cy = cytoscape({
    container: box,
    elements: [],
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
          "label": "data(short)", "font-size": 9, "text-valign": "top", "text-margin-y": -3,
          "text-wrap": "ellipsis", "text-max-width": 180, "border-width": 1, "border-color": "#fff" } },
      { selector: "node[type = 'event']", style: { "shape": "round-rectangle" } },
      { selector: "edge", style: { "width": "mapData(weight, 1, 5, 1, 7)", "line-color": "#aab", "opacity": 0.8,
          "curve-style": "haystack" } },
      { selector: ".faded", style: { "opacity": 0.15 } },
      { selector: ".match", style: { "border-width": 4, "border-color": "#2980b9", "z-index": 10 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#8e44ad" } }
    ]
  });
  window.cy = cy;

  function params() {
    var data = new URLSearchParams(new FormData(form));
    Array.from(data.keys()).forEach(function (k) { if (!data.get(k)) { data.delete(k); } });
    return data.toString();
  }

  function text(tag, value) { var el = document.createElement(tag); el.textContent = value; return el; }

  function showDetails(node) {
    var d = node.data();
    details.replaceChildren();
    details.appendChild(text("h2", d.name));
    var dl = document.createElement("dl");
    [[T.country, d.country || "—"], [T.type, T.types[d.type] || d.type], [T.sectors, d.sectors.join("; ") || "—"],
     [T.events, d.events], [T.degree, d.degree], [T.weighted_degree, d.weighted_degree],
     [T.betweenness, d.betweenness], ["PageRank", d.pagerank], [T.community, d.community],
     [T.component, d.component]].forEach(function (row) {
      dl.appendChild(text("dt", row[0])); dl.appendChild(text("dd", String(row[1])));
    });
    details.appendChild(dl);
    if (d.href) {
      var a = text("a", T.page);
      a.href = d.href; a.id = "node-link";
      details.appendChild(a);
    }
  }

  function showSummary(data) {
    details.replaceChildren();
    details.appendChild(text("p", T.click));
    details.appendChild(text("p", T.ties + ": " + data.cross_border_ties));
    var h = text("h3", T.brokers);
    details.appendChild(h);
    var ul = document.createElement("ul");
    ul.id = "brokers";
    data.brokers.forEach(function (b) { ul.appendChild(text("li", b.name + " — " + b.partners)); });
    if (!data.brokers.length) { ul.appendChild(text("li", "—")); }
    details.appendChild(ul);
    details.appendChild(text("h3", T.density));
    var dl = document.createElement("dl");
    Object.keys(data.density).forEach(function (s) {
      dl.appendChild(text("dt", s)); dl.appendChild(text("dd", String(data.density[s])));
    });
    details.appendChild(dl);
  }

  function highlight() {
    var q = document.getElementById("search").value.trim().toLowerCase();
    cy.elements().removeClass("faded match");
    if (!q) { document.getElementById("matches").textContent = ""; return; }
    var hits = cy.nodes().filter(function (n) { return n.data("name").toLowerCase().indexOf(q) >= 0; });
    cy.elements().not(hits).not(hits.connectedEdges()).addClass("faded");
    hits.addClass("match");
    document.getElementById("matches").textContent = T.found + ": " + hits.length;
  }

  function load() {
    var query = params();
    box.dataset.layout = "pending";
    document.querySelectorAll("#downloads a").forEach(function (a) {
      a.href = root + "/network/download." + a.dataset.format + (query ? "?" + query : "");
    });
    history.replaceState(null, "", root + "/network" + (query ? "?" + query : ""));
    document.querySelectorAll("nav.subnav a").forEach(function (a) {
      a.search = query;  // the other views open with the same filters (and language)
    });
    fetch(root + "/network/data.json" + (query ? "?" + query : ""))
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        cy.elements().remove();
        cy.add(data.elements);
        var counter = document.getElementById("node-count");
        counter.textContent = data.nodes;
        counter.dataset.count = data.nodes;
        document.getElementById("edge-count").textContent = data.edges;
        showSummary(data);
        var layout = cy.layout({ name: "preset", fit: true, padding: 30 });
        layout.one("layoutstop", function () { box.dataset.layout = "done"; highlight(); });
        layout.run();
      })
      .catch(function (err) { box.dataset.layout = "error"; details.textContent = T.error + ": " + err; });
  }

  cy.on("tap", "node", function (evt) { showDetails(evt.target); });
  form.addEventListener("submit", function (evt) { evt.preventDefault(); load(); });
  form.addEventListener("change", load);
  document.getElementById("search").addEventListener("input", highlight);
  load();
})();
