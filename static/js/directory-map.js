/*
 * Map of the organisations on the directory page (progressive enhancement).
 *
 * Needs the Leaflet global `L` (static/vendor/leaflet/leaflet.js, loaded first).
 * Markup contract:
 *   <div id="directory-map" class="directory-map" hidden
 *        data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
 *        data-attribution="&copy; OpenStreetMap contributors"
 *        data-label="Map of the organisations"
 *        data-icon-url="…/marker-icon.png" data-icon-retina-url="…/marker-icon-2x.png"
 *        data-shadow-url="…/marker-shadow.png"></div>
 *   (outside #directory-results: it is kept across htmx swaps)
 *   <script type="application/json" id="directory-map-data">[{"name", "url", "lat", "lon",
 *     "commune", "kind"}, …]</script>  (inside #directory-results: swapped with the results)
 *
 * Without JavaScript, or without Leaflet, the container stays hidden and the page is the
 * plain list. Popups are built with DOM nodes and textContent only (never innerHTML).
 */
(function () {
  'use strict';

  var MAP_ID = 'directory-map';
  var DATA_ID = 'directory-map-data';
  var DEFAULT_CENTER = [15.3, -61.3]; // between Guadeloupe and Martinique
  var DEFAULT_ZOOM = 7;
  var MAX_FIT_ZOOM = 13; // do not zoom to street level around a single point

  var state = {
    container: null, // element the live map is drawn in
    map: null,
    markers: null, // L.featureGroup
    drawn: null // text of the data island last drawn, to skip needless redraws
  };

  function safeUrl(value) {
    if (typeof value !== 'string' || value === '') return null;
    try {
      var url = new URL(value, window.location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function validPoint(p) {
    return p !== null && typeof p === 'object' &&
      typeof p.lat === 'number' && isFinite(p.lat) && Math.abs(p.lat) <= 90 &&
      typeof p.lon === 'number' && isFinite(p.lon) && Math.abs(p.lon) <= 180;
  }

  // Returns {text, points}, or null when the page has no data island.
  function readData() {
    var island = document.getElementById(DATA_ID);
    if (!island) return null;
    var text = island.textContent || '';
    var points = [];
    try {
      var data = JSON.parse(text || '[]');
      if (Array.isArray(data)) points = data.filter(validPoint);
    } catch (e) {
      if (window.console) window.console.error('directory-map: invalid JSON in #' + DATA_ID, e);
    }
    return { text: text, points: points };
  }

  function popupContent(p) {
    var box = document.createElement('div');
    box.className = 'directory-map-popup';
    var name = typeof p.name === 'string' && p.name ? p.name : '?';
    var href = safeUrl(p.url);
    var title = document.createElement(href ? 'a' : 'strong');
    if (href) title.href = href;
    title.className = 'directory-map-popup-name';
    title.textContent = name;
    box.appendChild(title);
    var details = [p.kind, p.commune].filter(function (s) {
      return typeof s === 'string' && s !== '';
    });
    if (details.length) {
      var line = document.createElement('p');
      line.className = 'directory-map-popup-details';
      line.textContent = details.join(' · ');
      box.appendChild(line);
    }
    return box;
  }

  // Hashed static file names (ManifestStaticFilesStorage) defeat Leaflet's own detection
  // of its image folder, so the template passes the icon URLs; failing that, use the
  // folder of the leaflet stylesheet (collectstatic also keeps the unhashed copies).
  function markerIcon(container) {
    var d = container.dataset;
    if (d.iconUrl) {
      return L.icon({
        iconUrl: d.iconUrl,
        iconRetinaUrl: d.iconRetinaUrl || d.iconUrl,
        shadowUrl: d.shadowUrl || null,
        iconSize: [25, 41],
        iconAnchor: [12, 41],
        popupAnchor: [1, -34],
        tooltipAnchor: [16, -28],
        shadowSize: [41, 41]
      });
    }
    var link = document.querySelector('link[rel~="stylesheet"][href*="leaflet"]');
    if (link && link.href) {
      return new L.Icon.Default({ imagePath: link.href.replace(/[^/]*$/, '') + 'images/' });
    }
    return new L.Icon.Default();
  }

  // Keyboard users: Enter on a focused marker opens its popup (Leaflet); move focus to the
  // link in it. Escape in the popup closes it (Leaflet only listens while the map container
  // itself has focus), and focus goes back to the marker instead of being lost.
  // Call before bindPopup: this keypress listener must run before Leaflet's, which opens
  // the popup synchronously.
  function wireKeyboard(marker, popupBox) {
    var byKeyboard = false;
    marker.on('keypress', function (e) {
      var ev = e.originalEvent;
      byKeyboard = !!ev && (ev.key === 'Enter' || ev.keyCode === 13);
    });
    popupBox.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape' || ev.key === 'Esc') {
        ev.stopPropagation();
        marker.closePopup();
      }
    });
    marker.on('popupopen', function () {
      var target = popupBox.querySelector('.directory-map-popup-name');
      if (byKeyboard && target) {
        if (target.tagName !== 'A') target.tabIndex = -1;
        target.focus();
      }
      byKeyboard = false;
    });
    marker.on('popupclose', function (e) {
      // With fade animation the popup is still in the DOM here; without, focus is on body.
      var el = e.popup.getElement();
      var active = document.activeElement;
      var icon = marker.getElement();
      if (icon && (!active || active === document.body || (el && el.contains(active)))) {
        icon.focus();
      }
    });
  }

  function draw(data) {
    var map = state.map;
    var icon = markerIcon(state.container);
    state.markers.clearLayers();
    data.points.forEach(function (p) {
      var name = typeof p.name === 'string' ? p.name : '';
      var marker = L.marker([p.lat, p.lon], { icon: icon, alt: name, title: name, keyboard: true });
      var box = popupContent(p);
      wireKeyboard(marker, box);
      marker.bindPopup(box);
      state.markers.addLayer(marker);
    });
    if (data.points.length) {
      // More room at the top: a marker icon stands 41px above its point.
      map.fitBounds(state.markers.getBounds(), {
        paddingTopLeft: [30, 50], paddingBottomRight: [30, 20], maxZoom: MAX_FIT_ZOOM
      });
    } else {
      map.setView(DEFAULT_CENTER, DEFAULT_ZOOM);
    }
    state.drawn = data.text;
  }

  // A container restored from htmx's history cache holds a dead copy of Leaflet's DOM.
  function resetContainer(container) {
    while (container.firstChild) container.removeChild(container.firstChild);
    Array.prototype.slice.call(container.classList).forEach(function (c) {
      if (c.indexOf('leaflet-') === 0) container.classList.remove(c);
    });
  }

  function createMap(container) {
    if (state.map) {
      try { state.map.remove(); } catch (e) { /* old container already gone */ }
    }
    resetContainer(container);
    // Un-hide first: Leaflet measures the container to fit the bounds.
    container.hidden = false;
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', container.dataset.label || 'Map');

    var map = L.map(container, { scrollWheelZoom: false, center: DEFAULT_CENTER, zoom: DEFAULT_ZOOM });
    // Do not hijack page scrolling: wheel zoom only while the map has focus.
    map.on('focus', function () { map.scrollWheelZoom.enable(); });
    map.on('blur', function () { map.scrollWheelZoom.disable(); });

    var tileUrl = container.dataset.tileUrl;
    if (tileUrl) {
      // Tiles that fail (offline, blocked) leave a blank background; markers still show.
      L.tileLayer(tileUrl, {
        attribution: container.dataset.attribution || '',
        maxZoom: 19,
        // The site sends Referrer-Policy: same-origin; tile servers (OSM's usage policy)
        // want to know which site is asking: send the origin only.
        referrerPolicy: 'strict-origin-when-cross-origin'
      }).addTo(map);
    }

    state.container = container;
    state.map = map;
    state.markers = L.featureGroup().addTo(map);
    state.drawn = null;
  }

  function sync() {
    var container = document.getElementById(MAP_ID);
    if (!container) return;
    var data = readData();
    if (container !== state.container) {
      createMap(container);
    } else if (!data || data.text === state.drawn) {
      return; // nothing new (a swap elsewhere on the page)
    }
    draw(data || { text: '', points: [] });
  }

  function start() {
    if (typeof window.L === 'undefined') return; // Leaflet missing: keep the plain list
    sync();
    var body = document.body;
    // After htmx swapped #directory-results (new data island) or restored a history entry.
    body.addEventListener('htmx:afterSettle', sync);
    body.addEventListener('htmx:historyRestore', sync);
    // htmx snapshots the page for its history cache: leave Leaflet's DOM (full of inline
    // styles that the CSP would refuse on restore) out of the snapshot, and put it back
    // right after (the snapshot is taken synchronously after this event).
    body.addEventListener('htmx:beforeHistorySave', function () {
      var c = state.container;
      if (!c || !c.isConnected) return;
      var kids = Array.prototype.slice.call(c.childNodes);
      kids.forEach(function (k) { c.removeChild(k); });
      Promise.resolve().then(function () {
        kids.forEach(function (k) { c.appendChild(k); });
      });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
