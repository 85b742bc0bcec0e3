/* Label collision pass for Leaflet's permanent tooltips (the place names), with no dependency but Leaflet.

   The rule, one pass (StoryLabels.declutter):
   - The labels are the open, permanent tooltips of every layer on the map, groups included (map.eachLayer).
   - They are placed from the highest priority down (tooltip.options.priority, a number, default 0); equal
     priorities keep the order the labels were found in.
   - Each label first tries its own direction, as bound ("right", say), then the opposite side ("left"; "top" and
     "bottom" likewise; "auto" tries the side Leaflet picked, then the other; "center" has no other side).
     On the other side the tooltip's x (or y) offset is mirrored, as Leaflet's own "auto" does, so the gap
     between marker and label stays the same.
   - A direction is taken when the label's box there, as drawn in the page (getBoundingClientRect), (a) meets
     no label already placed, (b) meets no obstacle: any .leaflet-control of the map (zoom, legend, scale,
     attribution, custom controls) or an element of options.obstacles, and (c) lies wholly inside the map's
     container, MARGIN pixels in from each edge.
   - A label that fits in neither direction goes back to its own direction and is hidden: the class
     story-label-hidden (StoryLabels.CSS, visibility hidden, put in the page once unless options.injectCss is
     false) and aria-hidden="true". Every pass starts again from each label's own direction, so a hidden label
     comes back once it fits, and a moved one goes home once home is free.

   Measuring: the quick pass (below) measures every label once where it stands and mirrors that box about the
   label's anchor for the other side, then measures the labels it moved again; if one is not where foretold,
   or cannot be foretold, the exact pass measures each label after each change of direction, as the rule
   reads (options.exact: true asks for it). StoryLabels.last.how says which pass ran.

   Changing direction in Leaflet 1.9.4 without closing the tooltip: set tooltip.options.direction (and
   .offset), then tooltip.setLatLng(tooltip.getLatLng()), which runs Tooltip._updatePosition: it reads the
   direction, swaps the leaflet-tooltip-<direction> class and moves the element, synchronously. update() does
   the same and also re-inserts the content (several times slower); closing and re-opening fires
   layerremove/layeradd, which would wake StoryLabels.watch again.

   StoryLabels.watch(map, options) runs a pass after zoomend, moveend, resize, layeradd and layerremove,
   batched through one animation frame, and returns schedule() to ask for one; watching a map twice adds no
   second set of listeners (StoryLabels.unwatch(map) removes them; so does map.remove()). */
window.StoryLabels = (function () {
  "use strict";

  var HIDDEN = "story-label-hidden";
  var CSS = ".leaflet-tooltip." + HIDDEN + "{visibility:hidden !important}";
  var STYLE_ID = "story-labels-css";
  var MARGIN = 2;  /* px a shown label keeps inside the map's edges */
  var OPPOSITE = {right: "left", left: "right", top: "bottom", bottom: "top"};
  var EVENTS = "zoomend moveend resize layeradd layerremove";
  var api = {CSS: CSS, HIDDEN_CLASS: HIDDEN, MARGIN: MARGIN, passes: 0, last: null};

  function now() { return window.performance ? window.performance.now() : Date.now(); }

  function injectCss(doc) {  /* the hiding rule, once per document */
    doc = doc || document;
    if (doc.getElementById(STYLE_ID)) return;
    var style = doc.createElement("style");
    style.id = STYLE_ID;
    style.textContent = CSS;
    (doc.head || doc.documentElement).appendChild(style);
  }

  function box(rect) {
    return {left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom};
  }

  function meets(a, b) {  /* boxes that only touch do not meet */
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function inside(a, frame) {
    return a.left >= frame.left && a.right <= frame.right && a.top >= frame.top && a.bottom <= frame.bottom;
  }

  function fits(rect, frame, taken) {
    if (!inside(rect, frame)) return false;
    for (var i = 0; i < taken.length; i++) if (meets(rect, taken[i])) return false;
    return true;
  }

  function obstacles(container, extra) {
    var rects = [];
    function add(node) {
      if (!node || typeof node.getBoundingClientRect !== "function") return;
      var r = node.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) rects.push(box(r));
    }
    Array.prototype.forEach.call(container.querySelectorAll(".leaflet-control"), add);
    (extra || []).forEach(add);
    return rects;
  }

  function pair(offset) {
    if (!offset) return [0, 0];
    if (Array.isArray(offset)) return [Number(offset[0]) || 0, Number(offset[1]) || 0];
    return [Number(offset.x) || 0, Number(offset.y) || 0];
  }

  /* What a tooltip was bound with; noticed again if someone else changes its direction or offset. */
  function home(tip) {
    var s = tip._storyLabels;
    if (!s || tip.options.direction !== s.setDir || tip.options.offset !== s.setOffset) {
      s = tip._storyLabels = {dir: tip.options.direction || "auto", offset: tip.options.offset,
                              setDir: tip.options.direction, setOffset: tip.options.offset};
    }
    return s;
  }

  /* Give the tooltip a direction and lay it out again: setLatLng(getLatLng()) is the public call that runs
     Leaflet's _updatePosition alone (update() would also re-insert the content: several times slower). */
  function point(tip, dir, offset) {
    var s = home(tip);
    if (tip.options.direction === dir && tip.options.offset === offset) return false;
    tip.options.direction = dir;
    tip.options.offset = offset;
    s.setDir = dir;
    s.setOffset = offset;
    tip.setLatLng(tip.getLatLng());
    return true;
  }

  function sideOf(node) {  /* the side Leaflet drew the tooltip on */
    var sides = ["right", "left", "top", "bottom", "center"];
    for (var i = 0; i < sides.length; i++) if (node.classList.contains("leaflet-tooltip-" + sides[i])) return sides[i];
    return null;
  }

  /* The directions a label may take, its own first: {side, dir, offset}. */
  function choices(l, autoRight) {
    var s = home(l.tip);
    var own = s.dir === "auto" ? (autoRight ? "right" : "left") : s.dir;
    var list = [{side: own, dir: s.dir, offset: s.offset}];
    var flip = OPPOSITE[own];
    if (flip) {
      var o = pair(s.offset);
      var a = typeof l.tip._getAnchor === "function" ? pair(l.tip._getAnchor()) : [0, 0];
      var offset;
      if (s.dir === "auto" && own === "left") offset = s.offset;  /* Leaflet's "auto" mirrors on the left already */
      else if (own === "left" || own === "right") offset = [-o[0] - 2 * a[0], o[1]];
      else offset = [o[0], -o[1] - 2 * a[1]];
      list.push({side: flip, dir: flip, offset: offset});
    }
    return list;
  }

  function show(node, visible) {
    if (visible) {
      node.classList.remove(HIDDEN);
      node.removeAttribute("aria-hidden");
    } else {
      node.classList.add(HIDDEN);
      node.setAttribute("aria-hidden", "true");
    }
  }

  function labels(map) {
    var found = [];
    map.eachLayer(function (layer) {
      var tip = layer.getTooltip && layer.getTooltip();
      if (!tip || !tip.options.permanent || !layer.isTooltipOpen()) return;
      var node = tip.getElement ? tip.getElement() : tip._container;
      if (!node) return;
      found.push({tip: tip, node: node, priority: Number(tip.options.priority) || 0, order: found.length});
    });
    found.sort(function (a, b) { return (b.priority - a.priority) || (a.order - b.order); });
    return found;
  }

  function mirror(r, at, across) {  /* across: left <-> right about at.x; else top <-> bottom about at.y */
    if (across) return {left: 2 * at.x - r.right, right: 2 * at.x - r.left, top: r.top, bottom: r.bottom};
    return {left: r.left, right: r.right, top: 2 * at.y - r.bottom, bottom: 2 * at.y - r.top};
  }

  function near(a, b) {
    return Math.abs(a.left - b.left) <= 1 && Math.abs(a.right - b.right) <= 1 &&
           Math.abs(a.top - b.top) <= 1 && Math.abs(a.bottom - b.bottom) <= 1;
  }

  /* The quick pass: every label measured once, where it stands, in one layout; its box on the other side is
     that box mirrored about the label's anchor point (Leaflet places the two sides symmetrically once the
     offset is mirrored). Placement is then arithmetic; only labels that change direction are touched, and
     their boxes are measured again afterwards. Returns null, having changed nothing, when a box cannot be
     foretold (a label drawn "center" or in an unknown direction), and false when a box measured after the
     change is not the one foretold (say, a stylesheet that sets the sides apart unevenly): the exact pass
     then decides. */
  function quick(map, found, frame, taken, origin, stats) {
    var mid = map.latLngToContainerPoint(map.getCenter());
    var i, l;
    for (i = 0; i < found.length; i++) {  /* reads only */
      l = found[i];
      l.side = sideOf(l.node);
      l.rect = box(l.node.getBoundingClientRect());
      var p = map.latLngToContainerPoint(l.tip.getLatLng());
      l.at = {x: origin.x + p.x, y: origin.y + p.y};
      l.choices = choices(l, p.x < mid.x);
      for (var k = 0; k < l.choices.length; k++) {
        var c = l.choices[k];
        if (c.side === l.side) c.rect = l.rect;
        else if (c.side === OPPOSITE[l.side]) c.rect = mirror(l.rect, l.at, c.side === "left" || c.side === "right");
        else return null;
      }
    }
    found.forEach(function (l) {  /* arithmetic */
      l.pick = null;
      for (var k = 0; k < l.choices.length && !l.pick; k++) {
        if (fits(l.choices[k].rect, frame, taken)) l.pick = l.choices[k];
      }
      if (l.pick) taken.push(l.pick.rect);
    });
    var moved = [];
    found.forEach(function (l) {  /* writes: directions (Leaflet reads each size first), then visibility */
      var c = l.pick || l.choices[0];
      if (point(l.tip, c.dir, c.offset) && l.pick) moved.push(l);
    });
    found.forEach(function (l) { show(l.node, !!l.pick); });
    stats.moved = moved.length;
    for (i = 0; i < moved.length; i++) {  /* reads: as foretold? */
      if (!near(box(moved[i].node.getBoundingClientRect()), moved[i].pick.rect)) return false;
    }
    return true;
  }

  /* The exact pass: each label measured in each direction it tries (one layout per try). */
  function exact(found, frame, taken) {
    found.forEach(function (l) {
      var list = choices(l, sideOf(l.node) !== "left");
      l.pick = null;
      for (var k = 0; k < list.length && !l.pick; k++) {
        point(l.tip, list[k].dir, list[k].offset);
        var rect = box(l.node.getBoundingClientRect());
        if (fits(rect, frame, taken)) { l.pick = list[k]; taken.push(rect); }
      }
      if (!l.pick) point(l.tip, list[0].dir, list[0].offset);
      show(l.node, !!l.pick);
    });
  }

  function declutter(map, options) {
    options = options || {};
    api.passes += 1;
    var result = {shown: [], hidden: []};
    var container = map.getContainer();
    var outer = container.getBoundingClientRect();
    var stats = {how: "none", moved: 0, ms: 0};
    var t0 = now();
    if (map._loaded && outer.width > 0 && outer.height > 0) {  /* a map with no view, or not on screen: no pass */
      if (options.injectCss !== false) injectCss(container.ownerDocument);
      var frame = {left: outer.left + MARGIN, top: outer.top + MARGIN,
                   right: outer.right - MARGIN, bottom: outer.bottom - MARGIN};
      var origin = {x: outer.left + container.clientLeft, y: outer.top + container.clientTop};
      var fixed = obstacles(container, options.obstacles);
      var found = labels(map);
      stats.how = "quick";
      if (options.exact || !quick(map, found, frame, fixed.slice(), origin, stats)) {
        stats.how = "exact";
        /* every label home first, so each tries its own direction first */
        found.forEach(function (l) { var s = home(l.tip); point(l.tip, s.dir, s.offset); });
        exact(found, frame, fixed.slice());
      }
      found.forEach(function (l) { (l.pick ? result.shown : result.hidden).push(l.node.textContent); });
    }
    stats.labels = result.shown.length + result.hidden.length;
    stats.ms = now() - t0;
    api.last = stats;
    if (typeof options.onPass === "function") options.onPass(result);
    return result;
  }

  /* One pass per animation frame at most, however many events come; the returned schedule() asks for one. */
  function watch(map, options) {
    var w = map._storyLabelsWatch;
    if (w) {
      if (options) w.options = options;
      return w.schedule;
    }
    w = {options: options || {}, frame: 0};
    w.run = function () {  /* mid zoom animation the boxes are in flux: zoomend asks again */
      w.frame = 0;
      if (map._storyLabelsWatch === w && !map._animatingZoom) declutter(map, w.options);
    };
    w.schedule = function () {
      if (!w.frame && map._storyLabelsWatch === w) w.frame = window.requestAnimationFrame(w.run);
    };
    w.stop = function () { unwatch(map); };
    map._storyLabelsWatch = w;
    map.on(EVENTS, w.schedule);
    map.once("unload", w.stop);
    w.schedule();
    return w.schedule;
  }

  function unwatch(map) {
    var w = map._storyLabelsWatch;
    if (!w) return;
    map.off(EVENTS, w.schedule);
    map.off("unload", w.stop);
    if (w.frame) window.cancelAnimationFrame(w.frame);
    w.frame = 0;
    delete map._storyLabelsWatch;
  }

  api.declutter = declutter;
  api.watch = watch;
  api.unwatch = unwatch;
  api.injectCss = injectCss;
  return api;
})();
