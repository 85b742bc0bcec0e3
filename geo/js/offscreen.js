/* Far places at the map's edge: a small marker that points towards each place the story names far away (the
   payload marks them `far`, geo/render/region.py), with its name and distance ("Capital 2,210 km" and an arrow),
   while it is off the map. The map frames the ground; these keep the far places in the picture.

   StoryOffscreen.watch(map, {targets: fn}) draws them in a pane of their own (above the labels, under popups)
   and returns {update, refresh, nodes, description}:
   - targets() lists what may get a marker: [{id, name, latlng, highlighted}] (the shown far features);
   - a marker is drawn while its place lies outside the map's container or under one of its controls;
   - it sits where the line from the map's centre to the place leaves the map (EDGE px in), then slides along
     that edge, or inwards, to the nearest spot that meets no control of the map and no other marker (each
     with GAP px to spare); one that finds no such spot is not drawn (never over a control), and is still in
     the description below;
   - the event's own places (highlighted) are placed first, then the nearer ones;
   - the distance is the great-circle distance from the map's centre, through formatKm (one rule for numbers);
   - the markers are aria-hidden: the same places, their full names, distances and compass directions are in a
     paragraph for screen readers that the map names in aria-describedby (not live: a pan is not announced);
   - it follows every move and zoom of the map (the controls measured once per gesture, each marker's size once
     per text), and update() places them anew when the date, the layers or the controls change (refresh()
     when the page's styles change: sizes too);
     `nodes` is the live list of marker elements (the label pass keeps labels off them).
   Text is set with textContent only; the arrow is an empty element drawn by CSS (storymap.css). */
window.StoryOffscreen = (function () {
  "use strict";

  var EDGE = 6;  /* px between a marker and the map's edge */
  var GAP = 6;  /* px a marker keeps from the controls and from other markers */
  var STEP = 8;  /* px per try when sliding a marker along its edge */
  var EARTH_KM = 6371.0088;  /* mean radius, as geo/render/region.py */
  var COMPASS = ["n", "ne", "e", "se", "s", "sw", "w", "nw"];  /* catalog keys compass.<point> */

  function rad(x) { return x * Math.PI / 180; }

  function greatCircleKm(a, b) {  /* haversine on the mean radius */
    var p1 = rad(a.lat), p2 = rad(b.lat), dp = p2 - p1, dl = rad(b.lng - a.lng);
    var h = Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function compass(a, b) {  /* the initial great-circle bearing from a to b, as one of eight directions */
    var p1 = rad(a.lat), p2 = rad(b.lat), dl = rad(b.lng - a.lng);
    var y = Math.sin(dl) * Math.cos(p2), x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
    var degrees = (Math.atan2(y, x) * 180 / Math.PI + 360) % 360;
    return window.StoryText.t("compass." + COMPASS[Math.round(degrees / 45) % 8]);
  }

  function formatKm(km) {  /* every distance on screen and in the description: whole km, tens from 100 km */
    var rounded = km < 100 ? Math.round(km) : Math.round(km / 10) * 10;
    return window.StoryText.t("offscreen.km", {km: window.StoryText.number(rounded)});
  }

  function shortName(name) {  /* "Name (qualifier)" -> "Name": the marker is small, the description has it all */
    var cut = String(name).replace(/\s*\([^()]*\)\s*$/, "");
    return cut || String(name);
  }

  function meets(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function inside(a, frame) {
    return a.left >= frame.left && a.right <= frame.right && a.top >= frame.top && a.bottom <= frame.bottom;
  }

  function controlRects(container) {  /* the map's controls, in the container's pixels, grown by GAP */
    var box = container.getBoundingClientRect(), rects = [];
    container.querySelectorAll(".leaflet-control").forEach(function (node) {
      if (node.hidden || node.offsetParent === null) return;
      var r = node.getBoundingClientRect();
      if (!r.width || !r.height) return;
      rects.push({left: r.left - box.left - GAP, top: r.top - box.top - GAP,
                  right: r.right - box.left + GAP, bottom: r.bottom - box.top + GAP});
    });
    return rects;
  }

  function edgeOf(centre, point, frame) {
    /* where the line from centre towards point leaves the frame: {side, x, y} */
    var dx = point.x - centre.x, dy = point.y - centre.y, best = null;
    [["left", frame.left - centre.x, dx], ["right", frame.right - centre.x, dx],
     ["top", frame.top - centre.y, dy], ["bottom", frame.bottom - centre.y, dy]].forEach(function (s) {
      if (s[2] === 0) return;
      var t = s[1] / s[2];
      if (t > 0 && (!best || t < best.t)) best = {side: s[0], t: t};
    });
    if (!best) return {side: "top", x: centre.x, y: frame.top};
    return {side: best.side, x: centre.x + dx * best.t, y: centre.y + dy * best.t};
  }

  function rectAt(left, top, w, h) { return {left: left, top: top, right: left + w, bottom: top + h}; }

  function place(edge, w, h, frame, taken) {
    /* the free spot nearest the edge point: slide along the edge (cost 1 per px) or inwards past what is in the
       way (cost 2 per px); null when there is none */
    var horizontal = edge.side === "top" || edge.side === "bottom";
    var length = horizontal ? frame.right - frame.left - w : frame.bottom - frame.top - h;
    if (length < 0) return null;
    var home = horizontal ? edge.x - w / 2 - frame.left : edge.y - h / 2 - frame.top;
    home = Math.max(0, Math.min(length, home));
    var best = null;
    for (var k = 0; k <= 2 * length / STEP + 2; k++) {
      var shift = (k % 2 ? 1 : -1) * Math.ceil(k / 2) * STEP;
      var along = home + shift;
      if (along < 0 || along > length) continue;
      if (best && Math.abs(shift) >= best.cost) break;  /* no cheaper spot can follow */
      var inward = 0, rect = null;
      for (var tries = 0; tries <= taken.length; tries++) {
        var a = along + (horizontal ? frame.left : frame.top);
        if (edge.side === "top") rect = rectAt(a, frame.top + inward, w, h);
        else if (edge.side === "bottom") rect = rectAt(a, frame.bottom - h - inward, w, h);
        else if (edge.side === "left") rect = rectAt(frame.left + inward, a, w, h);
        else rect = rectAt(frame.right - w - inward, a, w, h);
        var hit = null;
        for (var j = 0; j < taken.length && !hit; j++) if (meets(rect, taken[j])) hit = taken[j];
        if (!hit) break;
        if (edge.side === "top") inward = hit.bottom - frame.top;
        else if (edge.side === "bottom") inward = frame.bottom - hit.top;
        else if (edge.side === "left") inward = hit.right - frame.left;
        else inward = frame.right - hit.left;
        rect = null;
      }
      if (!rect || !inside(rect, frame)) continue;
      var cost = Math.abs(shift) + 2 * inward;
      if (!best || cost < best.cost) best = {cost: cost, rect: rect};
    }
    return best && best.rect;
  }

  function watch(map, options) {
    var container = map.getContainer();
    var pane = map.createPane("storyOffscreen");
    pane.classList.add("story-offscreen-pane", "leaflet-zoom-hide");  /* hidden while a zoom animates */
    pane.style.zIndex = "690";  /* above labels (650), under popups (700); Leaflet's .leaflet-pane rule would win */
    pane.setAttribute("aria-hidden", "true");
    var description = document.createElement("p");
    description.className = "story-sr-only";
    description.id = "story-offscreen-description";
    container.parentNode.insertBefore(description, container.nextSibling);
    var describedBy = container.getAttribute("aria-describedby");
    container.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + description.id);

    var markers = {};  /* id -> {node, label, arrow, sizes} */
    var nodes = [];  /* the shown markers, live: the label pass reads it */
    var blocks = null;  /* the controls' boxes, measured once per gesture, date or resize (a pan moves none) */

    function marker(id) {
      if (markers[id]) return markers[id];
      var node = document.createElement("div");
      node.className = "story-offscreen";
      var label = document.createElement("span");
      node.appendChild(document.createElement("span"));
      node.firstChild.className = "story-offscreen-arrow";  /* drawn by CSS, pointing right; turned below */
      node.appendChild(label);
      pane.appendChild(node);
      markers[id] = {node: node, label: label, arrow: node.firstChild, sizes: {}};
      return markers[id];
    }

    function layout() {
      if (!map._loaded) return;
      var size = map.getSize();
      var frame = {left: EDGE, top: EDGE, right: size.x - EDGE, bottom: size.y - EDGE};
      var centre = L.point(size.x / 2, size.y / 2), here = map.getCenter();
      if (!blocks) blocks = controlRects(container);
      var off = (options.targets() || []).map(function (t) {
        return {t: t, p: map.latLngToContainerPoint(t.latlng), km: greatCircleKm(here, t.latlng)};
      }).filter(function (o) {
        var r = {left: o.p.x, top: o.p.y, right: o.p.x, bottom: o.p.y};
        return !inside(r, frame) || blocks.some(function (b) { return inside(r, b); });  /* off, or under a control */
      });
      off.sort(function (a, b) { return (b.t.highlighted - a.t.highlighted) || (a.km - b.km); });
      var wanted = {};
      off.forEach(function (o) {  /* writes first (text), then one read of every size, then the positions */
        o.m = marker(o.t.id);
        wanted[o.t.id] = true;
        var text = shortName(o.t.name) + " " + formatKm(o.km);
        if (o.m.label.textContent !== text) o.m.label.textContent = text;
        o.m.node.classList.toggle("story-offscreen-event", !!o.t.highlighted);
        o.m.node.hidden = false;
      });
      Object.keys(markers).forEach(function (id) { if (!wanted[id]) markers[id].node.hidden = true; });
      off.forEach(function (o) {  /* a marker's size per text, measured once: a pan then reads no layout */
        var key = o.m.label.textContent + (o.t.highlighted ? "|event" : "");
        if (!o.m.sizes[key]) o.m.sizes[key] = {w: o.m.node.offsetWidth, h: o.m.node.offsetHeight};
        o.w = o.m.sizes[key].w;
        o.h = o.m.sizes[key].h;
      });
      var taken = blocks.slice();
      nodes.length = 0;
      off.forEach(function (o) {
        var rect = place(edgeOf(centre, o.p, frame), o.w, o.h, frame, taken);
        if (!rect) { o.m.node.hidden = true; return; }
        taken.push({left: rect.left - GAP, top: rect.top - GAP, right: rect.right + GAP, bottom: rect.bottom + GAP});
        L.DomUtil.setPosition(o.m.node, map.containerPointToLayerPoint([rect.left, rect.top]).round());
        var angle = Math.atan2(o.p.y - (rect.top + rect.bottom) / 2, o.p.x - (rect.left + rect.right) / 2);
        o.m.arrow.style.transform = "rotate(" + (angle * 180 / Math.PI).toFixed(1) + "deg)";
        nodes.push(o.m.node);
      });
      var said = off.length ? window.StoryText.t("offscreen.said", {places: window.StoryText.list(off.map(function (o) {
        return window.StoryText.t("offscreen.place", {name: o.t.name, distance: formatKm(o.km), direction: compass(here, o.t.latlng)});
      }), "list.semicolon")}) : "";
      if (description.textContent !== said) description.textContent = said;
    }

    function update() {  /* the date, the layers or the controls changed: measure the controls again */
      blocks = null;
      layout();
    }

    function refresh() {  /* the page was laid out anew: sizes too */
      Object.keys(markers).forEach(function (id) { markers[id].sizes = {}; });
      update();
    }

    map.on("movestart zoomstart", function () { blocks = null; });  /* "Frame the event" may appear */
    map.on("resize", refresh);
    map.on("move zoomend viewreset", layout);
    return {update: update, refresh: refresh, nodes: nodes, description: description};
  }

  return {watch: watch, formatKm: formatKm, greatCircleKm: greatCircleKm, compass: compass, shortName: shortName};
})();
