/* Story map helpers, inlined once into every map (the app's, the offline export's, the static site's).
   Every string from data is set with textContent (never as HTML), so names and summaries stay inert text.

   A feature is drawn once, as a `FeatureView`, and restyled as the date changes (highlight, "behind the
   lines"); the features part (parts/features.js) only adds and removes views. Nothing is rebuilt per step, so a
   reader can scrub through the story without the page growing. */
window.StoryMap = (function () {
  "use strict";

  var HIGHLIGHT = "#ff6f00";  /* the event's features; no layer uses this colour */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function card(p, status) {
    var box = el("div", "story-popup");
    box.appendChild(el("strong", "story-popup-name", p.name));
    if (p.dates) box.appendChild(el("div", "story-popup-dates", p.dates));
    if (status) box.appendChild(el("div", "story-popup-status", status));
    if (p.summary) box.appendChild(el("p", "story-popup-summary", p.summary));
    box.appendChild(el("div", "story-popup-origin", p.origin));
    if (p.source) box.appendChild(el("div", "story-popup-source", window.StoryText.t("card.source", {source: p.source})));
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

  function shapeStyle(p, style, highlighted) {
    var color = (style.palette && style.palette[p.controller]) || style.color;
    var s = {color: color, weight: style.weight, opacity: 0.9, fillColor: color,
             fillOpacity: style.fillOpacity, dashArray: p.approximate ? "6 4" : style.dashArray};
    if (highlighted) { s.weight = style.weight + 3; s.color = HIGHLIGHT; s.fillOpacity = style.fillOpacity + 0.15; }
    return s;
  }

  function placeStyle(style, highlighted) {
    return {radius: highlighted ? 9 : 6, color: highlighted ? HIGHLIGHT : "#222", weight: highlighted ? 3 : 1,
            fillColor: style.color, fillOpacity: 0.95};
  }

  /* ---- Keyboard: every feature can be focused and its popup opened with Enter or Space ---- */

  function focusable(lyr, label) {
    function mark() {
      var node = lyr.getElement ? lyr.getElement() : lyr._path;
      if (!node || node.getAttribute("data-story-focus")) return;
      node.setAttribute("data-story-focus", "1");
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "button");
      node.setAttribute("aria-label", label);
      node.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          e.stopPropagation();
          lyr.openPopup();
        }
      });
    }
    lyr.on("add", mark);
    return mark;
  }

  function featureView(feature, style, popupOptions) {
    /* One feature on the map: made once; `update` restyles it for a date. */
    var p = feature.properties;
    var view = {id: p.id, props: p, shown: false, highlighted: null, status: null};
    var isPost = style.draw === "marker", isPlace = style.draw === "dot";  /* geo/kinds.py: how the kind is drawn */
    var marks = [];
    view.group = L.geoJSON(feature, {
      style: function () { return shapeStyle(p, style, false); },
      pointToLayer: function (f, latlng) {
        if (isPost) return L.marker(latlng, {icon: postIcon(style.color, false, false), keyboard: true});
        return L.circleMarker(latlng, placeStyle(style, false));
      },
      onEachFeature: function (f, lyr) {
        lyr.feature.id = p.id;
        /* bound once: rebinding would add focus listeners to the element each time (Leaflet keeps them) */
        if (isPlace) {
          lyr.bindTooltip(el("span", "story-label", p.name),
                          {permanent: true, direction: "right", offset: [8, 0], priority: p.minor ? 0 : 1});
        } else {
          lyr.bindTooltip(el("span", "story-tooltip", p.name), {sticky: !isPost});
        }
        lyr.bindPopup(function () { return card(p, view.status); }, popupOptions);
        marks.push(focusable(lyr, p.name));
      }
    });
    view.release = function () {
      /* off the map: let go of the removed SVG elements (Leaflet keeps the last one, and its listeners, on the
         layer; a new one is made when it returns), so a reader's scrubbing leaves nothing behind */
      view.group.eachLayer(function (lyr) { if (lyr._path && !lyr._map) lyr._path = null; });
    };
    view.update = function (highlighted, status) {
      status = status || "";
      if (highlighted !== view.highlighted || status !== view.status) {
        view.group.eachLayer(function (lyr) {
          if (isPost && lyr.setIcon) lyr.setIcon(postIcon(style.color, highlighted, !!status));
          else if (isPlace && lyr.setRadius) { lyr.setStyle(placeStyle(style, highlighted)); lyr.setRadius(highlighted ? 9 : 6); }
          else if (lyr.setStyle) lyr.setStyle(shapeStyle(p, style, highlighted));
        });
        if (isPost) marks.forEach(function (mark) { mark(); });  /* a new icon element: make it focusable again */
      }
      view.highlighted = highlighted;
      view.status = status;
      if (isPlace) {  /* minor places are labelled on their own dates only */
        var labelled = !p.minor || highlighted;
        view.group.eachLayer(function (lyr) {
          if (labelled && !lyr.isTooltipOpen()) lyr.openTooltip();
          if (!labelled && lyr.isTooltipOpen()) lyr.closeTooltip();
        });
      }
      /* the event's own places win label collisions */
      view.group.eachLayer(function (lyr) {
        var tip = lyr.getTooltip && lyr.getTooltip();
        if (tip && tip.options.permanent) tip.options.priority = (highlighted ? 10 : 0) + (p.minor ? 0 : 1);
      });
    };
    return view;
  }

  /* ---- Legend: only what is on the map, folding away ---- */

  function legend(items, folded, position) {
    var control = L.control({position: position || "topright"});
    var rows = [];
    var box, button, list;
    control.onAdd = function () {
      box = el("div", "story-legend leaflet-bar");
      button = el("button", "story-legend-toggle", window.StoryText.t("legend.button"));
      button.type = "button";
      list = el("div", "story-legend-list");
      list.id = "story-legend-list";
      button.setAttribute("aria-controls", list.id);
      box.appendChild(button);
      box.appendChild(list);
      items.forEach(function (item) {
        var row = el("div", "story-legend-row");
        var swatch = el("span", "story-swatch story-swatch-" + item.kind.split(" ").join(" story-swatch-"));
        swatch.style.background = item.color;
        swatch.setAttribute("aria-hidden", "true");
        row.appendChild(swatch);
        row.appendChild(el("span", null, item.title));
        list.appendChild(row);
        var note = item.note ? el("div", "story-legend-note", item.note) : null;
        if (note) list.appendChild(note);
        rows.push({item: item, row: row, note: note});
      });
      button.addEventListener("click", function () { control.fold(!box.classList.contains("story-folded")); });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      control.fold(folded);
      return box;
    };
    control.fold = function (fold) {
      box.classList.toggle("story-folded", fold);
      button.setAttribute("aria-expanded", fold ? "false" : "true");
      button.title = window.StoryText.t(fold ? "legend.show" : "legend.hide");
      if (control.onFold) control.onFold(fold);
    };
    control.show = function (present) {
      /* present(item) says whether the item's layer has something on the map */
      var any = false;
      rows.forEach(function (r) {
        var on = present(r.item);
        r.row.hidden = !on;
        if (r.note) r.note.hidden = !on;
        any = any || on;
      });
      box.hidden = !any;
    };
    return control;
  }

  /* ---- Layout that waits for the page's styles ---- */

  function afterStylesheets(done) {
    /* done() once per linked stylesheet still loading, as it arrives (a page that injects its links, as the
       app's component does, has long fired its own load event) */
    Array.prototype.forEach.call(document.querySelectorAll('link[rel="stylesheet"]'), function (link) {
      if (!link.sheet) link.addEventListener("load", function () { done(); }, {once: true});
    });
  }

  return {el: el, card: card, featureView: featureView, legend: legend, afterStylesheets: afterStylesheets,
          HIGHLIGHT: HIGHLIGHT};
})();
