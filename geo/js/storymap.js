/* Story map helpers, inlined once into the base map. Every string from data is set with
   textContent (never as HTML), so names and summaries stay inert text. */
window.StoryMap = (function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function card(p) {
    var box = el("div", "story-popup");
    box.appendChild(el("strong", "story-popup-name", p.name));
    if (p.dates) box.appendChild(el("div", "story-popup-dates", p.dates));
    if (p.status) box.appendChild(el("div", "story-popup-status", p.status));
    if (p.summary) box.appendChild(el("p", "story-popup-summary", p.summary));
    box.appendChild(el("div", "story-popup-origin", p.origin));
    if (p.source) box.appendChild(el("div", "story-popup-source", "Source: " + p.source));
    return box;
  }

  function postIcon(color, highlighted, behind) {
    var size = highlighted ? 22 : 16;
    var node = el("div", "story-post" + (highlighted ? " story-highlight" : "") + (behind ? " story-behind" : ""));
    node.style.width = size + "px";
    node.style.height = size + "px";
    node.style.background = color;
    return L.divIcon({className: "story-post-icon", html: node, iconSize: [size, size]});
  }

  function shapeStyle(p, style) {
    var color = (style.palette && style.palette[p.controller]) || style.color;
    var s = {color: color, weight: style.weight, opacity: 0.9, fillColor: color,
             fillOpacity: style.fillOpacity, dashArray: p.approximate ? "6 4" : style.dashArray};
    if (p.highlight) { s.weight = style.weight + 3; s.color = "#ff6f00"; s.fillOpacity = style.fillOpacity + 0.15; }
    return s;
  }

  function layer(data, style, parent) {
    var group = L.geoJSON(data, {
      style: function (f) { return shapeStyle(f.properties, style); },
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        if (style.kind === "post") return L.marker(latlng, {icon: postIcon(style.color, p.highlight, !!p.status), keyboard: false});
        return L.circleMarker(latlng, {radius: p.highlight ? 9 : 6, color: p.highlight ? "#ff6f00" : "#222",
          weight: p.highlight ? 3 : 1, fillColor: style.color, fillOpacity: 0.95});
      },
      onEachFeature: function (f, lyr) {
        var p = f.properties;
        lyr.feature.id = p.id;
        if (style.kind === "place" && (!p.minor || p.highlight)) {  /* minor places are labelled on their dates */
          lyr.bindTooltip(el("span", "story-label", p.name), {permanent: true, direction: "right", offset: [8, 0]});
        } else {
          lyr.bindTooltip(el("span", "story-tooltip", p.name), {sticky: style.kind !== "post"});
        }
        lyr.bindPopup(card(p), {maxWidth: 320});
      }
    });
    group.options.storyLayer = style.id;
    return group.addTo(parent);
  }

  function legend(items) {
    var control = L.control({position: "bottomright"});
    control.onAdd = function () {
      var box = el("div", "story-legend leaflet-bar");
      box.appendChild(el("strong", null, "Legend"));
      items.forEach(function (item) {
        var row = el("div", "story-legend-row");
        var swatch = el("span", "story-swatch story-swatch-" + item.kind.split(" ").join(" story-swatch-"));
        swatch.style.background = item.color;
        row.appendChild(swatch);
        row.appendChild(el("span", null, item.title));
        box.appendChild(row);
        if (item.note) box.appendChild(el("div", "story-legend-note", item.note));
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  function linkControl(map) {
    /* "Link this view": hands the current centre and zoom to the Streamlit app, which puts them
       in the page's URL. Only inside the app: a standalone export has no Streamlit to talk to. */
    if (!window.Streamlit) return null;
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
      var button = el("button", "story-link-button leaflet-bar", "Link this view");
      button.type = "button";
      button.title = "Put this map view (centre and zoom) into the share link";
      L.DomEvent.disableClickPropagation(button);
      L.DomEvent.on(button, "click", function () {
        var c = map.getCenter();
        window.Streamlit.setComponentValue({view: {lat: c.lat, lng: c.lng, zoom: map.getZoom(), at: Date.now()}});
      });
      return button;
    };
    return control.addTo(map);
  }

  return {el: el, layer: layer, legend: legend, linkControl: linkControl};
})();
