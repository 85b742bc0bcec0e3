/* The exported map's own time control: a slider over the story's event dates, with the event card.
   Filtering happens here, in the page, so the file needs no server. Text goes in with textContent. */
window.StoryTime = (function () {
  "use strict";

  var el = window.StoryMap.el;  /* storymap.js comes first in the page */

  function exists(p, day) {
    return (!p.valid_from || p.valid_from <= day) && (!p.valid_to || day <= p.valid_to);
  }

  function start(map, payload) {
    var groups = payload.layers.map(function () { return L.layerGroup().addTo(map); });
    var control = L.control({position: "topright"});
    var parts = {};
    control.onAdd = function () {
      var box = el("div", "story-time leaflet-bar");
      var row = el("div", "story-time-row");
      parts.prev = el("button", "story-time-prev", "◀");
      parts.range = el("input", "story-time-range");
      parts.range.type = "range";
      parts.range.min = "0";
      parts.range.max = String(payload.stops.length - 1);
      parts.range.setAttribute("aria-label", "Date");
      parts.next = el("button", "story-time-next", "▶");
      [parts.prev, parts.range, parts.next].forEach(function (n) { row.appendChild(n); });
      parts.date = el("div", "story-time-date");
      parts.events = el("div", "story-time-events");
      box.appendChild(row);
      box.appendChild(parts.date);
      box.appendChild(parts.events);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      parts.prev.addEventListener("click", function () { show(Number(parts.range.value) - 1); });
      parts.next.addEventListener("click", function () { show(Number(parts.range.value) + 1); });
      parts.range.addEventListener("input", function () { show(Number(parts.range.value)); });
      return box;
    };
    control.addTo(map);

    function show(index) {
      index = Math.max(0, Math.min(payload.stops.length - 1, index));
      var stop = payload.stops[index];
      var highlight = {};
      stop.events.forEach(function (e) { e.features.forEach(function (id) { highlight[id] = true; }); });
      payload.layers.forEach(function (layer, k) {
        groups[k].clearLayers();
        var features = layer.features.filter(function (f) { return exists(f.properties, stop.date); })
          .map(function (f) {
            var props = Object.assign({}, f.properties, {highlight: highlight[f.properties.id] === true,
                                                         status: (stop.status || {})[f.properties.id] || ""});
            return {type: "Feature", geometry: f.geometry, properties: props};
          });
        window.StoryMap.layer({type: "FeatureCollection", features: features}, layer.style, groups[k]);
      });
      parts.range.value = String(index);
      parts.prev.disabled = index === 0;
      parts.next.disabled = index === payload.stops.length - 1;
      parts.date.textContent = stop.label;
      parts.events.replaceChildren();
      stop.events.forEach(function (e) {
        var card = el("div", "story-time-card");
        card.appendChild(el("strong", "story-time-title", e.title));
        card.appendChild(el("p", "story-time-summary", e.summary));
        card.appendChild(el("div", "story-popup-origin", e.origin));
        if (e.source) card.appendChild(el("div", "story-popup-source", "Source: " + e.source));
        parts.events.appendChild(card);
      });
    }
    show(payload.start);
    return {show: show};
  }

  return {start: start};
})();
