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
    var stop = e.stop, counts = features.counts(), shown = [];
    counts.perLayer.forEach(function (row) {
      if (row.count) shown.push((row.layer.title || row.layer.style.id) + (row.count > 1 ? " (" + row.count + ")" : ""));
    });
    description.textContent = stop.label + (stop.after ? " (after the article)" : "") + ". " +
      stop.events.map(function (ev) { return ev.title; }).join("; ") + ". " +
      (shown.length ? "On the map: " + shown.join(", ") + "." : "No layer is switched on.") +
      (counts.behind ? " " + (payload.behind_label || "Behind the lines") + ": " + counts.behind + "." : "");
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
