/* Time on the map, one module for the app, the offline export and the static site: the story's features arrive
   once with their dates (geo/render/payload.py) and the date is applied here, in the browser, so scrubbing the slider
   redraws the map within a frame and costs the server nothing. Text goes in with textContent.

   The bar holds the date, Play, and ◀ slider ▶; the map frames the event's features (unless the reader moved
   the map or the link carries a view); the legend lists only what is on the map; a hidden paragraph describes
   the date for screen readers. In the app, the map tells Streamlit the date and view after a pause (one rerun
   updates the card and the address) and takes layers and basemap from `sync`. A static site page (payload.site,
   geo/render/site.py) reads the app's link parameters from its address (geo/render/share.py from_query: same rules, same
   notice wording) and keeps the address in step (history.replaceState, debounced). */
window.StoryTime = (function () {
  "use strict";

  var el = window.StoryMap ? window.StoryMap.el : null;  /* storymap.js comes first in the page */
  var MAX_NOTICE = 600;  /* characters of one notice on screen */
  var URL_DELAY = 300;  /* ms after the last change before the address bar is rewritten */

  function exists(p, day) {
    return (!p.valid_from || p.valid_from <= day) && (!p.valid_to || day <= p.valid_to);
  }

  /* ---- Link parameters, as geo/render/share.py decodes them ---- */

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
    /* The state a query string asks for, and the notices: mirrors geo.render.share.from_query. */
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

  /* ---- Time on the map ---- */

  var PLAY_DELAY = 1600;  /* ms per event while playing */
  var REPORT_DELAY = 350;  /* ms after the last step before the app is told (one server rerun per pause) */
  var MAX_FIT_ZOOM = 9;  /* a point event still shows its surroundings */
  var MAX_SIDE_CONTROLS = 8;  /* controls whose best side the framing tries both ways (2^8 layouts at most) */
  var instances = {};  /* per map: the running control (app mode: sync() may arrive before the data) */
  var pending = {};

  function start(map, payload) {
    /* Modes: "export" (one file: layers chosen, card in the control), "site" (the static edition: reads and
       writes the address, every layer and basemap), "app" (inside Streamlit: the app shows the card and owns
       the toggles; the map tells it the date and view, and takes layers and basemap from sync()). */
    var mode = payload.mode || (payload.site ? "site" : "export");
    var site = payload.site || null;
    var dates = payload.stops.map(function (s) { return s.date; });
    var current = Math.max(0, Math.min(dates.length - 1, payload.start || 0));
    var visible = payload.layers.map(function () { return true; });
    var state = {date: dates[current], layers: [], basemap: null, view: null};
    var tiles = null, addressTimer = null, reportTimer = null, playTimer = null;
    var locked = false, framing = false, seq = 0, notices = [];
    var applied = {date: false, view: false};  /* the link's date and view, applied on the first sync only */
    var container = map.getContainer();

    if (site) {
      var decoded = decode(window.location.search, site, dates);
      state = decoded.state;
      notices = decoded.notices;
      current = dates.indexOf(state.date);
      visible = payload.layers.map(function (layer) { return state.layers.indexOf(layer.style.id) >= 0; });
      window.map = map;
    }

    /* the features, drawn once; a step adds, removes and restyles them */
    var padTopLeft = [12, 12], padBottomRight = [12, 80];  /* kept in step with the controls by padding() */
    var popupOptions = {maxWidth: 300, autoPanPaddingTopLeft: padTopLeft, autoPanPaddingBottomRight: padBottomRight};
    var groups = payload.layers.map(function (layer, k) {
      var group = L.featureGroup([], {storyLayer: layer.style.id});
      return visible[k] ? group.addTo(map) : group;
    });
    var views = payload.layers.map(function (layer) {
      return layer.features.map(function (f) { return window.StoryMap.featureView(f, layer.style, popupOptions); });
    });

    /* ---- controls ---- */
    var parts = {};
    var bar = L.control({position: "bottomleft"});
    bar.onAdd = function () {
      var box = el("div", "story-time leaflet-bar story-time-" + mode);
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Time");
      var row = el("div", "story-time-row");
      parts.play = button("story-time-play", "Play", "Play the events one after another");
      parts.prev = button("story-time-prev", "◀", "Previous event");
      parts.range = el("input", "story-time-range");
      parts.range.type = "range";
      parts.range.min = "0";
      parts.range.max = String(dates.length - 1);
      parts.range.step = "1";
      parts.range.setAttribute("aria-label", "Date");
      parts.next = button("story-time-next", "▶", "Next event");
      [parts.play, parts.prev, parts.range, parts.next].forEach(function (n) { row.appendChild(n); });
      parts.date = el("div", "story-time-date");
      parts.date.setAttribute("aria-live", "polite");
      box.appendChild(parts.date);
      box.appendChild(row);
      if (mode !== "app") {
        parts.events = el("div", "story-time-events");
        parts.events.tabIndex = 0;  /* it may scroll: keyboard readers must reach it */
        parts.events.setAttribute("role", "region");
        parts.events.setAttribute("aria-label", "Events on this date");
        box.appendChild(parts.events);
      }
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      parts.prev.addEventListener("click", function () { step(-1); });
      parts.next.addEventListener("click", function () { step(1); });
      parts.range.addEventListener("input", function () { show(Number(parts.range.value)); changed(); });
      parts.play.addEventListener("click", function () { if (playTimer) stopPlaying(); else play(); });
      return box;
    };
    bar.addTo(map);
    bar.getContainer().parentNode.appendChild(bar.getContainer());  /* the bar at the very bottom, under the scale */

    function button(className, text, title) {
      var b = el("button", className, text);
      b.type = "button";
      b.title = title;
      b.setAttribute("aria-label", title);
      return b;
    }

    var legend = window.StoryMap.legend(payload.legend || [], map.getSize().x < 480);  /* folded on a phone */
    legend.onFold = function () { if (!locked) frame(); if (offscreen) offscreen.update(); };
    legend.addTo(map);

    var reframe = L.control({position: "topleft"});
    reframe.onAdd = function () {
      var b = button("story-reframe leaflet-bar", "Frame the event", "Move the map back to the event");
      b.hidden = true;
      L.DomEvent.disableClickPropagation(b);
      b.addEventListener("click", function () { locked = false; readerMoved = false; b.hidden = true; frame(); changed(); });
      parts.reframe = b;
      return b;
    };
    reframe.addTo(map);

    /* the map's name and a description of the date for screen readers */
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", "Map: " + (payload.title || "story map"));
    var description = el("p", "story-sr-only");
    description.id = "story-map-description";
    description.setAttribute("aria-live", "polite");
    container.parentNode.insertBefore(description, container.nextSibling);
    container.setAttribute("aria-describedby", description.id);
    if (mode === "app") {  /* the app's frame is titled after its component: give it the map's name instead */
      try { if (window.frameElement) window.frameElement.setAttribute("title", "Map: " + (payload.title || "story map")); }
      catch (err) { /* a frame of another origin keeps its title */ }
    }

    /* Escape closes a popup and gives focus back to the feature it belongs to */
    var opener = null;
    map.on("popupopen", function (e) {
      opener = document.activeElement;
      /* a popup taller than the room between the top controls and the time bar scrolls inside that room
         (Leaflet's auto-pan cannot honour both paddings otherwise, and the top one wins) */
      padding();
      var room = Math.max(160, map.getSize().y - padTopLeft[1] - padBottomRight[1] - 24);
      if (e.popup.options.maxHeight !== room) { e.popup.options.maxHeight = room; e.popup.update(); }
      var content = e.popup.getElement() && e.popup.getElement().querySelector(".leaflet-popup-content");
      if (content && content.scrollHeight > content.clientHeight) content.tabIndex = 0;  /* scrolls by keyboard too */
    });
    container.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && map._popup && map.hasLayer(map._popup)) {
        map.closePopup();
        if (opener && opener.focus && document.contains(opener)) opener.focus();
      }
    });

    /* the far places (payload: `far`) point from the map's edge; the label pass keeps labels off those markers */
    var offscreen = window.StoryOffscreen ? window.StoryOffscreen.watch(map, {targets: farTargets})
      : {update: function () {}, refresh: function () {}, nodes: []};
    var labels = window.StoryLabels ? window.StoryLabels.watch(map, {obstacles: offscreen.nodes}) : function () {};

    function farTargets() {  /* the far features on the map now, for the edge markers */
      var out = [];
      views.forEach(function (layerViews, k) {
        if (!visible[k]) return;
        layerViews.forEach(function (v) {
          if (!v.shown || !v.props.far) return;
          var b = v.group.getBounds();
          if (b.isValid()) out.push({id: v.id, name: v.props.name, latlng: b.getCenter(), highlighted: !!v.highlighted});
        });
      });
      return out;
    }

    /* ---- showing a date ---- */

    function present(item) {
      var k = layerIndex(item.layer);
      if (k < 0 || !visible[k]) return false;
      return views[k].some(function (v) {
        if (!v.shown) return false;
        if (item.controller) return v.props.controller === item.controller;
        if (item.state === "behind") return !!v.status;
        return true;
      });
    }

    function layerIndex(id) {
      for (var k = 0; k < payload.layers.length; k++) if (payload.layers[k].style.id === id) return k;
      return -1;
    }

    function show(index) {
      index = Math.max(0, Math.min(dates.length - 1, index));
      current = index;
      var stop = payload.stops[index];
      var highlight = {};
      stop.events.forEach(function (e) { e.features.forEach(function (id) { highlight[id] = true; }); });
      views.forEach(function (layerViews, k) {
        layerViews.forEach(function (v) {
          var on = exists(v.props, stop.date);
          if (on && !v.shown) groups[k].addLayer(v.group);
          if (on) v.update(highlight[v.id] === true, (stop.status || {})[v.id] || "");
          if (!on && v.shown) { groups[k].removeLayer(v.group); v.release(); }
          v.shown = on;
        });
      });
      parts.range.value = String(index);
      parts.range.setAttribute("aria-valuetext", stop.label + (stop.after ? ", after the article" : ""));
      parts.prev.disabled = index === 0;
      parts.next.disabled = index === dates.length - 1;
      parts.date.replaceChildren(el("span", null, stop.label));
      if (stop.after) parts.date.appendChild(el("span", "story-time-after", "After the article"));
      if (parts.events) showCards(stop);
      legend.show(present);
      describe(stop);
      if (!locked) frame();
      offscreen.update();
      labels();
    }

    function showCards(stop) {
      parts.events.replaceChildren();
      stop.events.forEach(function (e) {
        var box = el("div", "story-time-card");
        box.appendChild(el("strong", "story-time-title", e.title));
        box.appendChild(el("p", "story-time-summary", e.summary));
        box.appendChild(el("div", "story-popup-origin", e.origin));
        if (e.source) box.appendChild(el("div", "story-popup-source", "Source: " + e.source));
        parts.events.appendChild(box);
      });
      showToll(stop);
    }

    function showToll(stop) {  /* the toll as reported by this date: figures and the latest claim, attributed */
      var toll = stop.toll;
      if (!toll || (!toll.figures.length && !toll.claim)) return;
      var box = el("div", "story-time-card story-toll");
      box.appendChild(el("strong", "story-toll-title", "The human toll, as reported by " + stop.label));
      toll.figures.forEach(function (f) {
        var line = el("p", "story-time-summary");
        line.appendChild(el("strong", null, f.value));
        line.appendChild(document.createTextNode(": " + f.title));
        box.appendChild(line);
        box.appendChild(el("div", "story-popup-source", "Source: " + f.source));
      });
      if (toll.claim) {
        var said = el("p", "story-time-summary");
        said.appendChild(el("strong", null, toll.claim.who));
        said.appendChild(document.createTextNode(" (" + toll.claim.date + ") said: "));
        said.appendChild(document.createTextNode(toll.claim.summary));
        box.appendChild(said);
        box.appendChild(el("div", "story-popup-source", "Source: " + toll.claim.source));
      }
      parts.events.appendChild(box);
    }

    function describe(stop) {
      var shown = [];
      payload.layers.forEach(function (layer, k) {
        if (!visible[k]) return;
        var n = views[k].filter(function (v) { return v.shown; }).length;
        if (n) shown.push((layer.title || layer.style.id) + (n > 1 ? " (" + n + ")" : ""));
      });
      var behind = views.reduce(function (sum, layerViews) {
        return sum + layerViews.filter(function (v) { return v.shown && v.status; }).length;
      }, 0);
      var text = stop.label + (stop.after ? " (after the article)" : "") + ". " +
        stop.events.map(function (e) { return e.title; }).join("; ") + ". " +
        (shown.length ? "On the map: " + shown.join(", ") + "." : "No layer is switched on.") +
        (behind ? " " + (payload.behind_label || "Behind the lines") + ": " + behind + "." : "");
      description.textContent = text;
    }

    /* ---- framing: the event's features inside the part of the map the controls leave free ----
       Features far from the story's ground (payload: `far`, geo/render/region.py) are not framed: a date whose event
       joins the ground and a far capital frames the ground, and the capital is pointed to from the map's edge
       (offscreen.js). A date whose event concerns only far features frames the story's overview. */

    function controlSides() {
      /* each control of the map, and the two ways to keep clear of it: below (or above) it, or beside it */
      var box = container.getBoundingClientRect(), found = [];
      container.querySelectorAll(".leaflet-control").forEach(function (node) {
        if (node.hidden || node.offsetParent === null) return;
        var r = node.getBoundingClientRect();
        if (!r.width || !r.height) return;
        var top = r.top - box.top < box.height / 2, left = r.left - box.left < box.width / 2;
        found.push({across: top ? "top" : "bottom", acrossPad: top ? r.bottom - box.top + 8 : box.bottom - r.top + 8,
                    beside: left ? "left" : "right", besidePad: left ? r.right - box.left + 8 : box.right - r.left + 8});
      });
      return {width: box.width, height: box.height, controls: found};
    }

    function padding(bounds) {
      /* The part of the map the controls leave free, as paddings. Each control is kept clear of either across
         the map (the features below a top control, above a bottom one) or beside it; of the ways round them
         all (at most 2^MAX_SIDE_CONTROLS), the one in which `bounds` can be drawn largest wins, the first
         found on a tie (all across). Without bounds, or for popups, every control is kept clear of across. */
      var layout = controlSides();
      var controls = layout.controls.slice(0, MAX_SIDE_CONTROLS);
      var span = null;
      if (bounds) {
        var sw = map.latLngToContainerPoint(bounds.getSouthWest()), ne = map.latLngToContainerPoint(bounds.getNorthEast());
        span = {x: Math.max(ne.x - sw.x, 1), y: Math.max(sw.y - ne.y, 1)};
      }
      var best = null;
      for (var mask = 0; mask < (bounds ? 1 << controls.length : 1); mask++) {
        var pad = {top: 24, bottom: 24, left: 24, right: 24};  /* room for point symbols and their labels */
        controls.forEach(function (c, i) {
          var key = mask & (1 << i) ? c.beside : c.across, value = mask & (1 << i) ? c.besidePad : c.acrossPad;
          pad[key] = Math.max(pad[key], value);
        });
        layout.controls.slice(MAX_SIDE_CONTROLS).forEach(function (c) { pad[c.across] = Math.max(pad[c.across], c.acrossPad); });
        if (mask === 0) {  /* popups, however opened, stay clear of the time bar and the top controls */
          padBottomRight[1] = pad.bottom;
          padTopLeft[1] = pad.top;
        }
        var w = layout.width - pad.left - pad.right, h = layout.height - pad.top - pad.bottom;
        if (w <= 0 || h <= 0) continue;
        var room = span ? Math.min(w / span.x, h / span.y) : w * h;
        if (!best || room > best.room) best = {room: room, pad: pad};
      }
      return best ? best.pad : {top: 24, bottom: 24, left: 24, right: 24};
    }

    function eventBounds() {
      var bounds = L.latLngBounds([]);
      views.forEach(function (layerViews, k) {
        if (!visible[k]) return;
        layerViews.forEach(function (v) { if (v.shown && v.highlighted && !v.props.far) bounds.extend(v.group.getBounds()); });
      });
      if (!bounds.isValid() && payload.overview) bounds = L.latLngBounds(payload.overview);
      return bounds;
    }

    function frame() {
      var bounds = eventBounds();
      if (!bounds.isValid()) return;
      var pad = padding(bounds);
      var options = {paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom],
                     maxZoom: MAX_FIT_ZOOM, animate: false};
      var size = map.getSize();
      var inner = L.bounds([pad.left, pad.top], [size.x - pad.right, size.y - pad.bottom]);
      var target = map.getBoundsZoom(bounds, false, L.point(pad.left + pad.right, pad.top + pad.bottom));
      target = Math.min(target, MAX_FIT_ZOOM);
      var sw = map.latLngToContainerPoint(bounds.getSouthWest()), ne = map.latLngToContainerPoint(bounds.getNorthEast());
      var inside = inner.contains(sw) && inner.contains(ne);
      if (inside && map.getZoom() >= target - 1 && map.getZoom() <= target) return;  /* already framed: no jump */
      framing = true;
      try { map.fitBounds(bounds, options); } finally { framing = false; }
    }

    var readerMoved = false;  /* the reader (not the framing, a link or a resize) has moved the map */
    function moved() {  /* the reader panned or zoomed: stop framing, remember the view */
      if (framing) return;
      locked = true;
      readerMoved = true;
      if (parts.reframe) parts.reframe.hidden = false;
    }
    map.on("dragstart", moved);
    map.on("zoomstart", moved);
    map.on("resize", function () { if (!locked) frame(); });
    if (window.ResizeObserver) {  /* the page may resize the map's frame (a phone layout): keep the event framed */
      var resizing = null;
      new ResizeObserver(function () {
        if (resizing) return;
        resizing = requestAnimationFrame(function () {
          resizing = null;
          map.invalidateSize({pan: false});
          if (!locked) frame();
          else if (!readerMoved && state.view) {  /* a linked view stays exactly the link's */
            framing = true;
            try { map.setView([state.view.lat, state.view.lon], state.view.zoom, {animate: false, reset: true}); } finally { framing = false; }
          }
          labels();
        });
      }).observe(container);
    }
    map.on("moveend", function () {
      /* only the reader's own moves change the view a link holds (a resize or Leaflet's pixel grid can nudge
         the centre of a linked view: that is not a new view) */
      if (!locked || !readerMoved) return;
      var c = map.wrapLatLng(map.getCenter());
      state.view = {lat: c.lat, lon: c.lng, zoom: Math.round(map.getZoom())};
      changed();
    });

    /* ---- stepping and playing ---- */

    function step(delta) { show(current + delta); changed(); }

    function play() {
      if (current === dates.length - 1) show(0);
      parts.play.textContent = "Pause";
      parts.play.setAttribute("aria-label", "Pause");
      parts.play.setAttribute("aria-pressed", "true");
      playTimer = setInterval(function () {
        if (current >= dates.length - 1) { stopPlaying(); return; }
        step(1);
      }, PLAY_DELAY);
    }

    function stopPlaying() {
      if (!playTimer) return;
      clearInterval(playTimer);
      playTimer = null;
      parts.play.textContent = "Play";
      parts.play.setAttribute("aria-label", "Play the events one after another");
      parts.play.setAttribute("aria-pressed", "false");
    }

    function interrupt(e) {  /* any other input stops playing (Enter and Space on Play itself toggle it) */
      if (!playTimer) return;
      var onPlay = e.target === parts.play;
      if (!onPlay || (e.type === "keydown" && e.key !== "Enter" && e.key !== " ")) stopPlaying();
    }
    ["pointerdown", "keydown", "wheel", "touchstart"].forEach(function (type) {
      document.addEventListener(type, interrupt, {capture: true, passive: true});
    });

    /* ---- telling the page: the address (site) or the app (a debounced rerun) ---- */

    function changed() {
      if (site) {
        clearTimeout(addressTimer);
        addressTimer = setTimeout(writeAddress, URL_DELAY);
      } else if (mode === "app") {
        clearTimeout(reportTimer);
        reportTimer = setTimeout(report, REPORT_DELAY);
      }
    }

    function report() {
      if (!window.Streamlit) return;
      seq += 1;
      window.Streamlit.setComponentValue({date: dates[current], view: locked ? state.view : null, seq: seq});
    }

    function writeAddress() {
      state.date = dates[current];
      state.layers = payload.layers.filter(function (layer, k) { return visible[k]; })
        .map(function (layer) { return layer.style.id; });
      var query = encode(locked ? state : {date: state.date, layers: state.layers, basemap: state.basemap, view: null},
                         site, window.location.search);
      try {
        window.history.replaceState(window.history.state, "", window.location.pathname + query + window.location.hash);
      } catch (err) { /* an address that cannot change (some file: pages) keeps the old one */ }
    }

    function setBasemap(id) {
      var basemaps = (site || payload).basemaps || {};
      if (state.basemap === id && (tiles || !(basemaps[id] && basemaps[id].url))) return;
      if (tiles) map.removeLayer(tiles);
      tiles = null;
      var basemap = basemaps[id];
      if (basemap && basemap.url) {
        tiles = L.tileLayer(basemap.url, {attribution: basemap.attribution, maxZoom: basemap.maxZoom}).addTo(map);
        tiles.bringToBack();
      }
      state.basemap = id;
    }

    function setLayers(ids) {
      payload.layers.forEach(function (layer, k) {
        var on = ids.indexOf(layer.style.id) >= 0;
        if (on && !visible[k]) groups[k].addTo(map);
        if (!on && visible[k]) map.removeLayer(groups[k]);
        visible[k] = on;
      });
    }

    function sync(wanted) {
      /* the app's state after a rerun: layers and basemap always; the link's date and view on the first sync
         only, so a rerun that merely echoes the reader's own step never pulls the slider back while they keep
         moving it */
      setLayers(wanted.layers || []);
      setBasemap(wanted.basemap);
      if (wanted.view && !applied.view) {
        applied.view = true;
        framing = true;
        try { map.setView([wanted.view.lat, wanted.view.lon], wanted.view.zoom, {animate: false, reset: true}); } finally { framing = false; }
        locked = true;
        state.view = {lat: wanted.view.lat, lon: wanted.view.lon, zoom: wanted.view.zoom};
        if (parts.reframe) parts.reframe.hidden = false;
      }
      var index = current;
      if (!applied.date) {
        applied.date = true;
        index = Math.max(0, dates.indexOf(wanted.date));
      }
      show(index);
    }

    function switcher() {  /* the static site's layer toggles and basemap choice, every label set as text */
      var box = L.control({position: "bottomright"});
      box.onAdd = function () {
        var root = el("details", "story-switch leaflet-bar");
        root.open = map.getSize().x >= 600;  /* open on a wide screen, folded on a phone */
        root.appendChild(el("summary", null, "Layers"));
        payload.layers.forEach(function (layer, k) {
          var label = el("label", "story-switch-row");
          var input = el("input", "story-switch-layer");
          input.type = "checkbox";
          input.value = layer.style.id;
          input.checked = visible[k];
          input.addEventListener("change", function () {
            var ids = payload.layers.filter(function (l, j) { return j === k ? input.checked : visible[j]; })
              .map(function (l) { return l.style.id; });
            setLayers(ids);
            show(current);
            changed();
          });
          var swatch = el("span", "story-swatch story-swatch-" + layer.style.kind);
          swatch.style.background = layer.style.color;
          swatch.setAttribute("aria-hidden", "true");
          label.appendChild(input);
          label.appendChild(swatch);
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

    if (site) {
      setBasemap(state.basemap);
      switcher();
      if (notices.length) noticeBox(notices);
      if (state.view) {
        framing = true;
        try { map.setView([state.view.lat, state.view.lon], state.view.zoom, {animate: false, reset: true}); } finally { framing = false; }
        locked = true;
        parts.reframe.hidden = false;
      }
    }
    /* on a touch screen one finger scrolls the page and two move the map (leaflet-gesture-handling) */
    if (L.Browser.mobile && map.gestureHandling && mode === "app") map.gestureHandling.enable();
    /* the app links Leaflet's stylesheet, and the map may be drawn before it arrives, its controls not yet in
       place: frame and place again once it has */
    window.StoryMap.afterStylesheets(function () { if (!locked) frame(); offscreen.refresh(); labels(); });
    /* printing: the page is laid out anew (A4), so the event is framed again in the printed map */
    window.addEventListener("beforeprint", function () { map.invalidateSize({pan: false}); if (!locked) frame(); });
    show(current);

    var controller = {
      show: show, step: step, play: play, stop: stopPlaying, sync: sync, frame: frame,
      index: function () { return current; },
      playing: function () { return playTimer !== null; },
      locked: function () { return locked; },
      shown: function () {  /* ids of the features on the map now (for tests and the benchmarks) */
        var ids = [];
        views.forEach(function (layerViews, k) {
          if (visible[k]) layerViews.forEach(function (v) { if (v.shown) ids.push(v.id); });
        });
        return ids;
      },
      eventBounds: eventBounds
    };
    var id = L.stamp(map);
    instances[id] = controller;
    window.storyTime = controller;  /* one map per page: it and its controls, for tests and the benchmarks */
    window.map = window.map || map;
    if (pending[id]) { sync(pending[id]); delete pending[id]; }
    return controller;
  }

  function boot(map, source, options) {
    /* The app's map: the story's features come from a static file (fetched once, cached by the browser), or
       inline when the server could not publish one. */
    function go(payload) {
      start(map, Object.assign({}, payload, options));
      if (window.performance && performance.mark) performance.mark("story-map-drawn");
      drawn();
    }
    if (source.payload) { go(source.payload); return; }
    fetch(source.url, {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(go)
      .catch(function (err) {
        var box = el("div", "story-load-error", "The map's data could not be loaded (" + String(err.message || err) +
                     "). Reload the page to try again.");
        box.setAttribute("role", "alert");
        map.getContainer().appendChild(box);
        drawn();  /* the map says what went wrong: the rest of the page need not wait */
      });
  }

  function drawn() {
    /* The app sends its page map first (app.py): once the first date is on screen (or the map has said why it
       cannot be), the map says so and one rerun brings the rest of the page. It waits for a painted frame and
       an idle moment, so the rest's rendering (the same thread) never holds back the map's first paint. The
       word carries no date, so it never moves the app's state. */
    if (!window.Streamlit) return;
    function tell() { window.Streamlit.setComponentValue({drawn: true, seq: 0}); }
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        if (window.requestIdleCallback) window.requestIdleCallback(tell, {timeout: 500});
        else setTimeout(tell, 0);
      });
    });
  }

  function sync(map, wanted) {
    /* from the app's rerun; kept until the map's data has arrived */
    var id = L.stamp(map);
    if (instances[id]) instances[id].sync(wanted);
    else pending[id] = wanted;
  }

  return {start: start, boot: boot, sync: sync, decode: decode, encode: encode};
})();
