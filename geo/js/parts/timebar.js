/* The time bar: the date, Play, and ◀ slider ▶ along the bottom of the map, and (options.cards: the export and
   the static site, where no app shows them) the date's event cards and the human toll. It moves the clock and
   follows it. Any other input of the reader stops Play (Enter and Space on Play itself toggle it). */
window.StoryParts = window.StoryParts || {};

window.StoryParts.timeBar = function (story, options) {
  "use strict";
  var el = window.StoryMap.el, t = window.StoryText.t, map = story.map, clock = story.clock;
  var cards = !!(options && options.cards);
  var node = {};

  function button(className, text, title) {
    var b = el("button", className, text);
    b.type = "button";
    b.title = title;
    b.setAttribute("aria-label", title);
    return b;
  }

  var bar = L.control({position: story.corner("bottomleft")});
  bar.onAdd = function () {
    var box = el("div", "story-time leaflet-bar story-time-" + story.mode);
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", t("time.group"));
    box.dir = story.direction;
    var row = el("div", "story-time-row");
    node.play = button("story-time-play", t("time.play"), t("time.play_label"));
    /* ◀ ▶ point the way they step: in a right-to-left bar, back is to the right */
    node.prev = button("story-time-prev", story.rtl ? "▶" : "◀", t("time.previous"));
    node.range = el("input", "story-time-range");
    node.range.type = "range";
    node.range.min = "0";
    node.range.max = String(clock.count() - 1);
    node.range.step = "1";
    node.range.setAttribute("aria-label", t("time.date"));
    node.next = button("story-time-next", story.rtl ? "◀" : "▶", t("time.next"));
    [node.play, node.prev, node.range, node.next].forEach(function (n) { row.appendChild(n); });
    node.date = el("div", "story-time-date");
    node.date.setAttribute("aria-live", "polite");
    box.appendChild(node.date);
    box.appendChild(row);
    if (cards) {
      node.events = el("div", "story-time-events");
      node.events.tabIndex = 0;  /* it may scroll: keyboard readers must reach it */
      node.events.setAttribute("role", "region");
      node.events.setAttribute("aria-label", t("time.events"));
      box.appendChild(node.events);
    }
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    node.prev.addEventListener("click", function () { clock.step(-1); });
    node.next.addEventListener("click", function () { clock.step(1); });
    node.range.addEventListener("input", function () { clock.go(Number(node.range.value), true); });
    node.play.addEventListener("click", function () { if (clock.playing()) clock.pause(); else clock.play(); });
    return box;
  };
  bar.addTo(map);
  bar.getContainer().parentNode.appendChild(bar.getContainer());  /* the bar at the very bottom, under the scale */

  clock.on("play", function () {
    node.play.textContent = t("time.pause");
    node.play.setAttribute("aria-label", t("time.pause"));
    node.play.setAttribute("aria-pressed", "true");
  });
  clock.on("pause", function () {
    node.play.textContent = t("time.play");
    node.play.setAttribute("aria-label", t("time.play_label"));
    node.play.setAttribute("aria-pressed", "false");
  });

  function interrupt(e) {
    if (!clock.playing()) return;
    var onPlay = e.target === node.play;
    if (!onPlay || (e.type === "keydown" && e.key !== "Enter" && e.key !== " ")) clock.pause();
  }
  ["pointerdown", "keydown", "wheel", "touchstart"].forEach(function (type) {
    document.addEventListener(type, interrupt, {capture: true, passive: true});
  });

  function showCards(stop) {
    node.events.replaceChildren();
    stop.events.forEach(function (e) {
      var box = el("div", "story-time-card");
      box.appendChild(el("strong", "story-time-title", e.title));
      box.appendChild(el("p", "story-time-summary", e.summary));
      box.appendChild(el("div", "story-popup-origin", e.origin));
      if (e.source) box.appendChild(el("div", "story-popup-source", t("card.source", {source: e.source})));
      node.events.appendChild(box);
    });
    showToll(stop);
  }

  function showToll(stop) {  /* the toll as reported by this date: figures and the latest claim, attributed */
    var toll = stop.toll;
    if (!toll || (!toll.figures.length && !toll.claim)) return;
    var box = el("div", "story-time-card story-toll");
    box.appendChild(el("strong", "story-toll-title", t("toll.title", {date: stop.label})));
    toll.figures.forEach(function (f) {
      var line = el("p", "story-time-summary");
      line.appendChild(el("strong", null, f.value));
      line.appendChild(document.createTextNode(": " + f.title));
      box.appendChild(line);
      box.appendChild(el("div", "story-popup-source", t("card.source", {source: f.source})));
    });
    if (toll.claim) {
      var said = el("p", "story-time-summary");
      said.appendChild(window.StoryText.compose("toll.said", {who: el("strong", null, toll.claim.who),
                                                             date: toll.claim.date, summary: toll.claim.summary}));
      box.appendChild(said);
      box.appendChild(el("div", "story-popup-source", t("card.source", {source: toll.claim.source})));
    }
    node.events.appendChild(box);
  }

  clock.on("change", function (e) {
    var stop = e.stop, index = e.index;
    node.range.value = String(index);
    node.range.setAttribute("aria-valuetext", stop.after ? t("time.date_after", {date: stop.label}) : stop.label);
    node.prev.disabled = index === 0;
    node.next.disabled = index === clock.count() - 1;
    node.date.replaceChildren(el("span", null, stop.label));
    if (stop.after) node.date.appendChild(el("span", "story-time-after", t("time.after")));
    if (cards) showCards(stop);
  });

  return {control: bar, playButton: function () { return node.play; }};
};
