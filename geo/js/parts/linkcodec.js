/* The link codec: the app's link parameters (date, layers, basemap, lat/lon/z) read from and written to an
   address, exactly as geo/render/share.py does it (from_query and ShareState.to_query): same rules, same notice
   wording. The static site and the export use it in the browser; the app decodes on the server. One
   implementation on each side, and tests/render/test_site.py runs this one under Node against the Python on
   every parameter and every notice. Pure functions: no DOM, no Leaflet. */
window.StoryLink = (function () {
  "use strict";

  function say(key, values) { return window.StoryText.t(key, values); }  /* the reader's language (text.js) */

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
        notices.push(say("notice.too_long", {name: pyRepr(key), max: site.maxValueLength}));
        value = null;
      }
      flat[key] = value;
    });
    var state = {date: site.defaultDate, layers: site.layerIds.slice(), basemap: site.defaultBasemap, view: null};
    if (flat.date !== null) {
      var day = isoDate(flat.date);
      if (day === null) {
        notices.push(say("notice.bad_date", {value: pyRepr(flat.date)}));
      } else {
        var snapped = dates[snapIndex(day, dates)];
        if (snapped !== day) notices.push(say("notice.snapped", {asked: day, shown: snapped}));
        state.date = snapped;
      }
    }
    if (flat.layers !== null) {
      var asked = flat.layers.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
      var unknown = asked.filter(function (name) { return site.layerIds.indexOf(name) < 0; });
      if (unknown.length) notices.push(say("notice.unknown_layers", {names: unknown.map(pyRepr).join(", ")}));
      state.layers = site.layerIds.filter(function (name) { return asked.indexOf(name) >= 0; });
    }
    if (flat.basemap !== null) {
      if (Object.prototype.hasOwnProperty.call(site.basemaps, flat.basemap)) {
        state.basemap = flat.basemap;
      } else {
        notices.push(say("notice.bad_basemap", {value: pyRepr(flat.basemap), choices: site.basemapIds.join(", ")}));
      }
    }
    if (flat.lat !== null || flat.lon !== null || flat.z !== null) {
      var lat = pyNumber(flat.lat), lon = pyNumber(flat.lon), zoom = pyNumber(flat.z);
      if (lat === null || lon === null || zoom === null) {
        notices.push(say("notice.bad_view"));
      } else {
        var d = site.viewDecimals;
        var view = {lat: roundTo(Math.min(Math.max(lat, -85), 85), d), lon: roundTo(Math.min(Math.max(lon, -180), 180), d),
                    zoom: Math.min(Math.max(roundHalfEven(zoom), site.zoomRange[0]), site.zoomRange[1])};
        if (view.lat !== roundTo(lat, d) || view.lon !== roundTo(lon, d) || view.zoom !== zoom) {
          notices.push(say("notice.view_adjusted", {lat: pyFloat(view.lat), lon: pyFloat(view.lon), zoom: view.zoom}));
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

  return {decode: decode, encode: encode, snapIndex: snapIndex};
})();
