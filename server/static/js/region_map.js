// The regions map (/network/regions): region outlines shaded by joint events, ties as lines,
// places as points, drawn with the vendored Leaflet from /network/regions.geojson. No tile
// server: the outlines are the whole map, so it works offline.
(function () {
  "use strict";
  var el = document.getElementById("region-map");
  if (!el || !window.L) { return; }
  var status = document.getElementById("map-status");
  var COUNTRY = { RU: "#c0392b", BY: "#1e8449" };
  var RAMP = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  var NONE = "#f0f0f0";

  function classes(counts) {
    // Upper bounds of up to five classes over the distinct non-zero counts (quantiles), so that
    // one very active region (the Russian side's own) does not wash out the differences between
    // the others: each count its own class while there are five or fewer.
    var values = counts.filter(function (v, k, a) { return v > 0 && a.indexOf(v) === k; })
      .sort(function (a, b) { return a - b; });
    if (values.length <= 5) { return values; }
    var out = [];
    for (var i = 1; i <= 5; i++) { out.push(values[Math.ceil(values.length * i / 5) - 1]); }
    return out.filter(function (v, k, a) { return a.indexOf(v) === k; });
  }

  function shade(events, bounds) {
    if (!events) { return NONE; }
    for (var i = 0; i < bounds.length; i++) {
      if (events <= bounds[i]) { return RAMP[Math.round(i * (RAMP.length - 1) / Math.max(bounds.length - 1, 1))]; }
    }
    return RAMP[RAMP.length - 1];
  }

  function focusable(layer, label, href) {
    // Keyboard: every region, place and tie can be reached with Tab; Enter opens its page.
    var node = layer.getElement && layer.getElement();
    if (!node) { return; }
    node.setAttribute("tabindex", "0");
    node.setAttribute("role", href ? "link" : "img");
    node.setAttribute("aria-label", label);
    node.addEventListener("focus", function () { layer.openTooltip(); });
    node.addEventListener("blur", function () { layer.closeTooltip(); });
    node.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && href) { window.location.href = href; }
    });
    if (href) { layer.on("click", function () { window.location.href = href; }); }
  }

  function eventsWord(n) {
    var lang = document.documentElement.lang === "en" ? "en" : "ru";
    if (lang === "en") { return n + (n === 1 ? " event" : " events"); }
    var m10 = n % 10, m100 = n % 100;
    var w = m10 === 1 && m100 !== 11 ? "мероприятие" : (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? "мероприятия" : "мероприятий");
    return n + " " + w;
  }

  function placeLabels(map, labels) {
    // Labels that do not collide: the most active first; a label overlapping one already shown
    // is hidden until zooming in makes room for it.
    var shown = [];
    labels.sort(function (a, b) { return b.priority - a.priority; });
    labels.forEach(function (label) {
      var node = label.marker.getElement();
      if (!node) { return; }
      node.style.visibility = "visible";
      var box = node.firstChild.getBoundingClientRect();
      var hit = shown.some(function (o) {
        return !(box.right < o.left || box.left > o.right || box.bottom < o.top || box.top > o.bottom);
      });
      if (hit) { node.style.visibility = "hidden"; node.classList.add("label-hidden"); }
      else { node.classList.remove("label-hidden"); shown.push(box); }
    });
    el.setAttribute("data-labels-shown", String(shown.length));
  }

  function label(map, latlng, text, cls, priority, labels) {
    var marker = L.marker(latlng, {
      icon: L.divIcon({ className: "map-label " + cls, html: "<span></span>", iconSize: null }),
      interactive: false, keyboard: false
    }).addTo(map);
    marker.getElement().firstChild.textContent = text;
    labels.push({ marker: marker, priority: priority });
  }

  function legend(map, bounds) {
    var box = document.getElementById("map-legend");
    var rows = [[NONE, document.documentElement.lang === "en" ? "no joint events" : "нет совместных мероприятий"]];
    var low = 1;
    bounds.forEach(function (upper) {
      rows.push([shade(upper, bounds), low === upper ? String(upper) : low + "–" + upper]);
      low = upper + 1;
    });
    box.textContent = "";
    rows.forEach(function (r) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = r[0];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + r[1]));
      item.setAttribute("data-colour", r[0]);
      box.appendChild(item);
    });
  }

  function draw(data) {
    var map = L.map(el, { zoomSnap: 0.25, keyboard: true, attributionControl: true, minZoom: 3, maxZoom: 10 });
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution(data.attribution);
    var regions = data.features.filter(function (f) { return f.properties.layer === "region"; });
    var places = data.features.filter(function (f) { return f.properties.layer === "place"; });
    var ties = data.features.filter(function (f) { return f.properties.layer === "tie"; });
    var bounds = classes(regions.map(function (f) { return f.properties.events; }));
    var labels = [];
    var focus = L.latLngBounds([]);
    var regionLayer = L.geoJSON(regions, {
      style: function (f) {
        return { className: "region region-" + f.properties.key, fillColor: shade(f.properties.events, bounds),
                 fillOpacity: 0.85, color: "#666", weight: 1 };
      },
      onEachFeature: function (f, layer) {
        var text = f.properties.name + ": " + eventsWord(f.properties.events);
        layer.bindTooltip(text, { sticky: true });
        layer.on("add", function () {
          var node = layer.getElement();
          node.setAttribute("data-key", f.properties.key);
          node.setAttribute("data-events", String(f.properties.events));
          focusable(layer, text, f.properties.href);
        });
        if (f.properties.events) { focus.extend(layer.getBounds()); }
      }
    });
    places.forEach(function (p) { focus.extend([p.geometry.coordinates[1], p.geometry.coordinates[0]]); });
    // The view first: Leaflet draws nothing (and makes no elements) before the map has one.
    map.fitBounds(focus.isValid() ? focus.pad(0.15) : regionLayer.getBounds());
    regionLayer.addTo(map);
    var heaviest = Math.max.apply(null, ties.map(function (t) { return t.properties.events; }).concat([1]));
    ties.forEach(function (t) {
      var c = t.geometry.coordinates;
      var line = L.polyline([[c[0][1], c[0][0]], [c[1][1], c[1][0]]], {
        className: "tie", color: "#34495e", opacity: 0.7, weight: 1.5 + 6 * t.properties.events / heaviest
      }).addTo(map);
      var text = t.properties.from + " — " + t.properties.to + ": " + eventsWord(t.properties.events);
      line.bindTooltip(text, { sticky: true });
      line.getElement().setAttribute("data-events", String(t.properties.events));
      focusable(line, text, null);
    });
    var regionIris = {};
    regions.forEach(function (f) { regionIris[f.properties.iri] = true; });
    var most = Math.max.apply(null, places.map(function (p) { return p.properties.events; }).concat([1]));
    places.forEach(function (p) {
      var c = p.geometry.coordinates, latlng = [c[1], c[0]];
      var dot = L.circleMarker(latlng, {
        className: "place", radius: 4 + 8 * Math.sqrt(p.properties.events / most),
        color: "#fff", weight: 1.5, fillColor: COUNTRY[p.properties.country] || "#7f7f7f", fillOpacity: 1
      }).addTo(map);
      var text = p.properties.name + ": " + eventsWord(p.properties.events);
      dot.bindTooltip(text);
      focusable(dot, text, p.properties.href);
      if (!regionIris[p.properties.iri]) {  // a region's point is named by the region's own label
        label(map, latlng, p.properties.name, "place-label", 1000 + p.properties.events, labels);
      }
    });
    regionLayer.eachLayer(function (layer) {
      var f = layer.feature;
      if (f.properties.layer === "region") {
        label(map, layer.getCenter(), f.properties.name, "region-label", f.properties.events, labels);
      }
    });
    legend(map, bounds);
    map.on("zoomend moveend", function () { placeLabels(map, labels); });
    placeLabels(map, labels);
    el.setAttribute("data-regions", String(regions.length));
    el.setAttribute("data-state", "drawn");
    window.regionMap = map;
  }

  fetch(el.getAttribute("data-src"), { headers: { Accept: "application/geo+json" } })
    .then(function (r) { if (!r.ok) { throw new Error(r.status + " " + r.statusText); } return r.json(); })
    .then(draw)
    .catch(function (err) {
      el.setAttribute("data-state", "error");
      if (status) { status.textContent = (document.documentElement.lang === "en" ? "The map could not be drawn: " : "Карту не удалось построить: ") + err.message; }
    });
})();
