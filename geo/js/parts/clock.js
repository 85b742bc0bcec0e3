/* The story clock: which date the map shows and which layers are on. It is the one place that state lives, and
   the parts of the map (parts/*.js) follow it through its events, as Leaflet's handlers follow the map:

   - "change": the date or the layers changed; every part redraws what it shows ({index, stop}).
   - "input": the reader changed something a link holds (date, layers, basemap or view); the page is told.
   - "layout": the room on the map changed (the legend folded, stylesheets arrived, the map was resized).
   - "play" / "pause": the clock started or stopped walking through the events.

   The clock knows nothing of the DOM; the time bar, the framing, the address and the app bridge are parts. */
window.StoryClock = L.Evented.extend({
  options: {playDelay: 1600},  /* ms per event while playing */

  initialize: function (stops, layerIds, start, options) {
    L.setOptions(this, options);
    this._stops = stops;
    this._layerIds = layerIds.slice();
    this._layerOn = {};
    layerIds.forEach(function (id) { this._layerOn[id] = true; }, this);
    this._index = this._clamp(start || 0);
    this._timer = null;
  },

  _clamp: function (index) { return Math.max(0, Math.min(this._stops.length - 1, index)); },

  dates: function () { return this._stops.map(function (s) { return s.date; }); },
  count: function () { return this._stops.length; },
  index: function () { return this._index; },
  stop: function () { return this._stops[this._index]; },
  date: function () { return this._stops[this._index].date; },
  isOn: function (layerId) { return this._layerOn[layerId] === true; },
  layersOn: function () { return this._layerIds.filter(function (id) { return this._layerOn[id]; }, this); },

  go: function (index, byReader) {
    /* show the stop at `index` (clamped); a reader's step is also an "input" */
    this._index = this._clamp(index);
    this.fire("change", {index: this._index, stop: this.stop()});
    if (byReader) this.fire("input");
    return this;
  },

  step: function (delta) { return this.go(this._index + delta, true); },

  setLayers: function (ids, how) {
    /* switch layers on and off; how.quiet: no redraw (the caller goes to a date next), how.byReader: an input */
    how = how || {};
    this._layerIds.forEach(function (id) { this._layerOn[id] = ids.indexOf(id) >= 0; }, this);
    if (!how.quiet) this.go(this._index, how.byReader);
    return this;
  },

  playing: function () { return this._timer !== null; },

  play: function () {
    if (this._timer) return this;
    if (this._index === this._stops.length - 1) this.go(0);
    var clock = this;
    this._timer = setInterval(function () {
      if (clock._index >= clock._stops.length - 1) { clock.pause(); return; }
      clock.step(1);
    }, this.options.playDelay);
    this.fire("play");
    return this;
  },

  pause: function () {
    if (!this._timer) return this;
    clearInterval(this._timer);
    this._timer = null;
    this.fire("pause");
    return this;
  }
});
