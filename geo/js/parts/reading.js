/* For screen readers and keyboards: the map is a named region described by a live paragraph that says the date,
   its events and what is on the map; Escape closes a popup and gives focus back to the feature it came from. */
window.StoryParts = window.StoryParts || {};

window.StoryParts.reading = function (story) {
  "use strict";
  var el = window.StoryMap.el, map = story.map, payload = story.payload, clock = story.clock;
  var features = story.parts.features, container = map.getContainer();

  container.setAttribute("role", "region");
  container.setAttribute("aria-label", story.mapName);
  var description = el("p", "story-sr-only");
  description.id = "story-map-description";
  description.setAttribute("aria-live", "polite");
  container.parentNode.insertBefore(description, container.nextSibling);
  container.setAttribute("aria-describedby", description.id);

  clock.on("change", function (e) {
    var stop = e.stop, counts = features.counts(), shown = [], text = window.StoryText;
    counts.perLayer.forEach(function (row) {
      var name = row.layer.title || row.layer.style.id;
      if (row.count) shown.push(row.count > 1 ? text.t("reading.layer_count", {layer: name, count: text.number(row.count)}) : name);
    });
    var parts = [
      text.t(stop.after ? "reading.date_after" : "reading.date", {date: stop.label}),
      stop.events.length ? text.list(stop.events.map(function (ev) { return ev.title; }), "list.semicolon") + "." : "",
      shown.length ? text.t("reading.on_map", {layers: text.list(shown)}) : text.t("reading.nothing"),
      counts.behind ? text.t("reading.behind", {label: payload.behind_label || text.t("legend.behind_default"),
                                                count: text.number(counts.behind)}) : ""
    ];
    description.textContent = parts.filter(Boolean).join(" ");
  });

  var opener = null;
  map.on("popupopen", function () { opener = document.activeElement; });
  container.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && map._popup && map.hasLayer(map._popup)) {
      map.closePopup();
      if (opener && opener.focus && document.contains(opener)) opener.focus();
    }
  });
  return {description: description};
};
