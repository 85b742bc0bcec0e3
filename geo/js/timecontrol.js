/* The exported map's own time control: a slider over the story's event dates, with the event card.
   Filtering happens here, in the page, so the file needs no server. Text goes in with textContent.

   A static site page (payload.site, from geo/site.py) also reads the app's link parameters from the address
   (geo/share.py from_query: same rules, same notice wording), offers every layer and basemap, and keeps the
   address bar in step with the slider, the toggles and the view (history.replaceState, debounced). */
window.StoryTime = (function () {
  "use strict";

  var el = window.StoryMap ? window.StoryMap.el : null;  /* storymap.js comes first in the page */
  var MAX_NOTICE = 600;  /* characters of one notice on screen */
  var URL_DELAY = 300;  /* ms after the last change before the address bar is rewritten */

  function exists(p, day) {
    return (!p.valid_from || p.valid_from <= day) && (!p.valid_to || day <= p.valid_to);
  }

  /* ---- Link parameters, as geo/share.py decodes them ---- */

  function pyRepr(s) {  /* Python's repr() of a str, as the app's notices quote values */
    var quote = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
    var out = "";
    Array.from(s).forEach(function (ch) {
      var c = ch.codePointAt(0);
      if (ch === "\\" || ch === quote) out += "\\" + ch;
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (ch === "\t") out += "\\t";
      else if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0xad) out += "\\x" + (c < 16 ? "0" : "") + c.toString(16);
      else out += ch;
    });
    return quote + out + quote;
  }

  function pyFloat(x) {  /* Python's repr() of a float */
    if (Object.is(x, -0)) return "-0.0";
    if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
    if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
    return String(x);
  }

  function roundTo(x, decimals) {  /* Python's round(x, decimals), which keeps the sign of a negative zero */
    var r = Number(x.toFixed(decimals));
    return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
  }

  function roundHalfEven(x) {  /* Python's round(x) */
    var f = Math.floor(x), d = x - f;
    if (d !== 0.5) return d > 0.5 ? f + 1 : f;
    return f % 2 === 0 ? f : f + 1;
  }

  function pyNumber(raw) {  /* float(raw) when it is finite, else null */
    if (raw === null) return null;
    var s = raw.trim().replace(/(\d)_(?=\d)/g, "$1");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
    var value = Number(s);
    return isFinite(value) ? value : null;
  }

  function isLeap(y) { return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0; }

  function pad(n, width) { return String(n).padStart(width, "0"); }

  function weekDate(y, w, d) {  /* ISO week date to YYYY-MM-DD, as date.fromisoformat reads it */
    var jan4 = new Date(Date.UTC(2000, 0, 4));
    jan4.setUTCFullYear(y);
    var weekday = (jan4.getUTCDay() + 6) % 7;  /* Monday 0 */
    var jan1 = (weekday + 4) % 7;  /* 4 January less three days */
    var weeks = jan1 === 3 || (jan1 === 2 && isLeap(y)) ? 53 : 52;
    if (y < 1 || w < 1 || w > weeks || d < 1 || d > 7) return null;
    var day = new Date(jan4.getTime() + ((w - 1) * 7 + d - 1 - weekday) * 864e5);
    if (day.getUTCFullYear() < 1 || day.getUTCFullYear() > 9999) return null;
    return pad(day.getUTCFullYear(), 4) + "-" + pad(day.getUTCMonth() + 1, 2) + "-" + pad(day.getUTCDate(), 2);
  }

  function isoDate(raw) {  /* date.fromisoformat (Python 3.11): YYYY-MM-DD, YYYYMMDD and week dates */
    var w = /^(\d{4})-W(\d{2})(?:-(\d))?$/.exec(raw) || /^(\d{4})W(\d{2})(\d)?$/.exec(raw);
    if (w) return weekDate(Number(w[1]), Number(w[2]), w[3] === undefined ? 1 : Number(w[3]));
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw) || /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
    if (!m) return null;
    var y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    var days = [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
    if (y < 1 || !days || d < 1 || d > days) return null;
    return m[1] + "-" + m[2] + "-" + m[3];
  }

  function snapIndex(day, dates) {  /* the last stop on or before day; the first when day precedes them all */
    var index = 0;
    dates.forEach(function (d, i) { if (d <= day) index = i; });
    return index;
  }

  function decode(search, site, dates) {
    /* The state a query string asks for, and the notices: mirrors geo.share.from_query. */
    var params = new URLSearchParams(search);
    var notices = [];
    var flat = {};
    site.parameters.forEach(function (key) {
      var all = params.getAll(key);
      var value = all.length ? all[all.length - 1] : null;  /* a repeated key counts once: its last value */
      if (value !== null && Array.from(value).length > site.maxValueLength) {
        notices.push("Ignored parameter " + pyRepr(key) + ": longer than " + site.maxValueLength + " characters.");
        value = null;
      }
      flat[key] = value;
    });
    var state = {date: site.defaultDate, layers: site.layerIds.slice(), basemap: site.defaultBasemap, view: null};
    if (flat.date !== null) {
      var day = isoDate(flat.date);
      if (day === null) {
        notices.push("Ignored date " + pyRepr(flat.date) + ": not an ISO date (YYYY-MM-DD).");
      } else {
        var snapped = dates[snapIndex(day, dates)];
        if (snapped !== day) notices.push("Date " + day + " has no event; showing " + snapped + ".");
        state.date = snapped;
      }
    }
    if (flat.layers !== null) {
      var asked = flat.layers.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
      var unknown = asked.filter(function (name) { return site.layerIds.indexOf(name) < 0; });
      if (unknown.length) notices.push("Ignored unknown layers: " + unknown.map(pyRepr).join(", ") + ".");
      state.layers = site.layerIds.filter(function (name) { return asked.indexOf(name) >= 0; });
    }
    if (flat.basemap !== null) {
      if (Object.prototype.hasOwnProperty.call(site.basemaps, flat.basemap)) {
        state.basemap = flat.basemap;
      } else {
        notices.push("Ignored basemap " + pyRepr(flat.basemap) + ": choose one of " + site.basemapIds.join(", ") + ".");
      }
    }
    if (flat.lat !== null || flat.lon !== null || flat.z !== null) {
      var lat = pyNumber(flat.lat), lon = pyNumber(flat.lon), zoom = pyNumber(flat.z);
      if (lat === null || lon === null || zoom === null) {
        notices.push("Ignored the map view: lat, lon and z must all be numbers.");
      } else {
        var d = site.viewDecimals;
        var view = {lat: roundTo(Math.min(Math.max(lat, -85), 85), d), lon: roundTo(Math.min(Math.max(lon, -180), 180), d),
                    zoom: Math.min(Math.max(roundHalfEven(zoom), site.zoomRange[0]), site.zoomRange[1])};
        if (view.lat !== roundTo(lat, d) || view.lon !== roundTo(lon, d) || view.zoom !== zoom) {
          notices.push("Map view adjusted to lat " + pyFloat(view.lat) + ", lon " + pyFloat(view.lon) +
                       ", zoom " + view.zoom + ".");
        }
        state.view = view;
      }
    }
    return {state: state, notices: notices};
  }

  function encode(state, site, search) {
    /* The query string of `state` (as ShareState.to_query), keeping any other parameters of the address. */
    var values = {date: state.date, layers: state.layers.join(","), basemap: state.basemap};
    if (state.view) {
      values.lat = state.view.lat.toFixed(site.viewDecimals);
      values.lon = state.view.lon.toFixed(site.viewDecimals);
      values.z = String(state.view.zoom);
    }
    var parts = [];
    new URLSearchParams(search).forEach(function (value, key) {
      if (site.parameters.indexOf(key) < 0) parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
    });
    site.parameters.forEach(function (key) {
      if (values[key] !== undefined) parts.push(key + "=" + encodeURIComponent(values[key]).replace(/%2C/g, ","));
    });
    return "?" + parts.join("&");
  }

  function noticeBox(notices) {
    var box = el("div", "story-notices");
    box.setAttribute("role", "status");
    notices.forEach(function (text) {
      var shown = text.length > MAX_NOTICE ? text.slice(0, MAX_NOTICE - 1) + "…" : text;
      box.appendChild(el("div", "story-notice", shown));
    });
    document.body.appendChild(box);
    return box;
  }

  /* ---- The control ---- */

  function start(map, payload) {
    var site = payload.site || null;
    var dates = payload.stops.map(function (s) { return s.date; });
    var startIndex = payload.start;
    var visible = payload.layers.map(function () { return true; });
    var state = null, tiles = null, timer = null, notices = [];
    if (site) {
      var decoded = decode(window.location.search, site, dates);
      state = decoded.state;
      notices = decoded.notices;
      startIndex = dates.indexOf(state.date);
      visible = payload.layers.map(function (layer) { return state.layers.indexOf(layer.style.id) >= 0; });
      window.map = map;
    }
    var groups = payload.layers.map(function (layer, k) {
      var group = L.layerGroup();
      return visible[k] ? group.addTo(map) : group;
    });
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
      parts.prev.addEventListener("click", function () { show(Number(parts.range.value) - 1); changed(); });
      parts.next.addEventListener("click", function () { show(Number(parts.range.value) + 1); changed(); });
      parts.range.addEventListener("input", function () { show(Number(parts.range.value)); changed(); });
      return box;
    };
    control.addTo(map);
    var current = startIndex;

    function draw(k, stop, highlight) {
      var layer = payload.layers[k];
      groups[k].clearLayers();
      if (!visible[k]) return;
      var features = layer.features.filter(function (f) { return exists(f.properties, stop.date); })
        .map(function (f) {
          var props = Object.assign({}, f.properties, {highlight: highlight[f.properties.id] === true,
                                                       status: (stop.status || {})[f.properties.id] || ""});
          return {type: "Feature", geometry: f.geometry, properties: props};
        });
      window.StoryMap.layer({type: "FeatureCollection", features: features}, layer.style, groups[k]);
    }

    function show(index) {
      index = Math.max(0, Math.min(payload.stops.length - 1, index));
      current = index;
      var stop = payload.stops[index];
      var highlight = {};
      stop.events.forEach(function (e) { e.features.forEach(function (id) { highlight[id] = true; }); });
      payload.layers.forEach(function (layer, k) { draw(k, stop, highlight); });
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

    function changed() {  /* a reader's change: rewrite the address once they pause */
      if (!site) return;
      clearTimeout(timer);
      timer = setTimeout(writeAddress, URL_DELAY);
    }

    function writeAddress() {
      state.date = dates[current];
      state.layers = payload.layers.filter(function (layer, k) { return visible[k]; })
        .map(function (layer) { return layer.style.id; });
      var query = encode(state, site, window.location.search);
      try {
        window.history.replaceState(window.history.state, "", window.location.pathname + query + window.location.hash);
      } catch (err) { /* an address that cannot change (some file: pages) keeps the old one */ }
    }

    function setBasemap(id) {
      if (tiles) map.removeLayer(tiles);
      tiles = null;
      var basemap = site.basemaps[id];
      if (basemap && basemap.url) {
        tiles = L.tileLayer(basemap.url, {attribution: basemap.attribution, maxZoom: 18}).addTo(map);
        tiles.bringToBack();
      }
      state.basemap = id;
    }

    function switcher() {  /* layer toggles and basemap choice, every label set as text */
      var box = L.control({position: "bottomleft"});
      box.onAdd = function () {
        var root = el("div", "story-switch leaflet-bar");
        root.appendChild(el("strong", null, "Layers"));
        payload.layers.forEach(function (layer, k) {
          var label = el("label", "story-switch-row");
          var input = el("input", "story-switch-layer");
          input.type = "checkbox";
          input.value = layer.style.id;
          input.checked = visible[k];
          input.addEventListener("change", function () {
            visible[k] = input.checked;
            if (visible[k]) groups[k].addTo(map); else map.removeLayer(groups[k]);
            show(current);
            changed();
          });
          label.appendChild(input);
          label.appendChild(el("span", null, layer.title || layer.style.id));
          root.appendChild(label);
        });
        root.appendChild(el("strong", null, "Basemap"));
        site.basemapIds.forEach(function (id) {
          var label = el("label", "story-switch-row");
          var input = el("input", "story-switch-basemap");
          input.type = "radio";
          input.name = "story-basemap";
          input.value = id;
          input.checked = id === state.basemap;
          input.addEventListener("change", function () { if (input.checked) { setBasemap(id); changed(); } });
          label.appendChild(input);
          label.appendChild(el("span", null, site.basemaps[id].title));
          root.appendChild(label);
        });
        L.DomEvent.disableClickPropagation(root);
        L.DomEvent.disableScrollPropagation(root);
        return root;
      };
      return box.addTo(map);
    }

    show(startIndex);
    if (site) {
      setBasemap(state.basemap);
      switcher();
      if (notices.length) noticeBox(notices);
      if (state.view) map.setView([state.view.lat, state.view.lon], state.view.zoom, {animate: false});
      map.on("moveend", function () {  /* the reader panned or zoomed: the link now carries the view */
        var c = map.wrapLatLng(map.getCenter());
        state.view = {lat: c.lat, lon: c.lng, zoom: Math.round(map.getZoom())};
        changed();
      });
    }
    return {show: show, decode: decode, encode: encode};
  }

  return {start: start, decode: decode, encode: encode};
})();
