/*
 * Map of the organisations on the directory page (progressive enhancement).
 *
 * Needs the Leaflet global `L` (static/vendor/leaflet/leaflet.js, loaded first).
 * Markup contract:
 *   <a class="map-skip" href="#directory-results" data-map-skip hidden>Skip the map…</a>
 *   (optional: shown with the map, it takes keyboard users past the markers, focus included)
 *   <div id="directory-map" class="directory-map" hidden
 *        data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
 *        data-attribution-text="© OpenStreetMap contributors"
 *        data-attribution-url="https://www.openstreetmap.org/copyright"
 *        data-leaflet-title="A JavaScript library for interactive maps"
 *        data-zoom-in="Zoom in" data-zoom-out="Zoom out" data-close-popup="Close the popup"
 *        data-label="Map of the organisations"
 *        data-icon-url="…/marker-icon.png" data-icon-retina-url="…/marker-icon-2x.png"
 *        data-shadow-url="…/marker-shadow.png"></div>
 *   (outside #directory-results: it is kept across htmx swaps). The labels come translated
 *   into the page's language and replace Leaflet's English ones.
 *   <script type="application/json" id="directory-map-data">…</script>
 *   (inside #directory-results: swapped with the results), holding either
 *   - the points themselves, [{"name", "url", "lat", "lon", "commune", "kind"}, …] (an
 *     organisation's page), or
 *   - {"source": "/directory/map.json?<filters>"} (the directory): the map asks the source
 *     for the grouped positions of its view (&zoom=…&bbox=west,south,east,north) each time
 *     the view changes, and gets {"total", "bounds": [s, w, n, e] | null, "cells":
 *     [[lat, lon, count, name | null, url | null, commune | null], …]}: a cell of one is
 *     a marker, a cell of several a numbered cluster that zooms in when activated
 *     (members/maps.py). Labels come from data-cluster-label ("{count} …") and
 *     data-cluster-link ("See them in the list").
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
    drawn: null, // text of the data island last drawn, to skip needless redraws
    source: null, // address of the grouped positions, when the island names one
    skip: null, // the skip link listened to
    ticket: 0 // number of the latest request to the source
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

  // Returns {text, points, source}, or null when the page has no data island.
  function readData() {
    var island = document.getElementById(DATA_ID);
    if (!island) return null;
    var text = island.textContent || '';
    var points = [];
    var source = null;
    try {
      var data = JSON.parse(text || '[]');
      if (Array.isArray(data)) points = data.filter(validPoint);
      else if (data && typeof data.source === 'string') source = data.source;
    } catch (e) {
      if (window.console) window.console.error('directory-map: invalid JSON in #' + DATA_ID, e);
    }
    return { text: text, points: points, source: source };
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

  function clusterIcon(count) {
    var size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 48;
    return L.divIcon({
      className: 'directory-map-cluster',
      html: '<span>' + String(count) + '</span>', // a number only: nothing from the data
      iconSize: [size, size]
    });
  }

  function clusterLabel(count) {
    var label = state.container.dataset.clusterLabel || '{count}';
    return label.replace('{count}', String(count));
  }

  // A cluster: activating it zooms in on it; at the deepest zoom (organisations at one
  // position) its popup says how many, with a link to them in the list.
  function clusterMarker(cell) {
    var count = cell[2];
    var label = clusterLabel(count);
    var marker = L.marker([cell[0], cell[1]], {
      icon: clusterIcon(count), alt: label, title: label, keyboard: true
    });
    var map = state.map;
    // The disc shows the number; its name says what it counts.
    marker.on('add', function () {
      var el = marker.getElement();
      if (el) el.setAttribute('aria-label', label);
    });
    marker.on('click keypress', function (e) {
      var ev = e.originalEvent;
      if (e.type === 'keypress' && ev && ev.key !== 'Enter' && ev.keyCode !== 13) return;
      if (map.getZoom() < map.getMaxZoom() - 1) {
        map.setView([cell[0], cell[1]], Math.min(map.getZoom() + 2, map.getMaxZoom()));
        return;
      }
      var box = document.createElement('div');
      box.className = 'directory-map-popup';
      var title = document.createElement('strong');
      title.className = 'directory-map-popup-name';
      title.textContent = label;
      box.appendChild(title);
      if (cell[5]) {
        var link = document.createElement('a');
        var url = new URL(window.location.href);
        url.searchParams.set('commune', cell[5]);
        url.searchParams.delete('page');
        link.href = url.href;
        link.textContent = state.container.dataset.clusterLink || '→';
        var line = document.createElement('p');
        line.className = 'directory-map-popup-details';
        line.appendChild(link);
        box.appendChild(line);
      }
      L.popup().setLatLng([cell[0], cell[1]]).setContent(box).openOn(map);
    });
    return marker;
  }

  function pointMarker(p, icon) {
    var name = typeof p.name === 'string' ? p.name : '';
    var marker = L.marker([p.lat, p.lon], { icon: icon, alt: name, title: name, keyboard: true });
    var box = popupContent(p);
    wireKeyboard(marker, box);
    marker.bindPopup(box);
    return marker;
  }

  function validCell(c) {
    return Array.isArray(c) && c.length >= 6 && validPoint({ lat: c[0], lon: c[1] }) &&
      typeof c[2] === 'number' && c[2] >= 1;
  }

  function drawCells(cells) {
    var icon = markerIcon(state.container);
    state.markers.clearLayers();
    cells.filter(validCell).forEach(function (c) {
      state.markers.addLayer(c[2] === 1
        ? pointMarker({ name: c[3], url: c[4], lat: c[0], lon: c[1] }, icon)
        : clusterMarker(c));
    });
    busy(false);
  }

  // aria-busy holds from a change of view until its cells are drawn, so that assistive
  // technologies (and tests) wait for the markers of the view they see, not the last one.
  function busy(on) {
    if (on) state.container.setAttribute('aria-busy', 'true');
    else state.container.removeAttribute('aria-busy');
  }

  // Asks the source for the cells of the current view; the first answer (no view yet)
  // also gives the bounds to fit. Answers to superseded requests are dropped.
  function fetchCells(first) {
    var map = state.map;
    var url = new URL(state.source, window.location.href);
    url.searchParams.set('zoom', String(map.getZoom()));
    if (!first) url.searchParams.set('bbox', map.getBounds().pad(0.25).toBBoxString());
    var ticket = ++state.ticket;
    busy(true);
    window.fetch(url.href, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (ticket !== state.ticket) return;
        if (!data) { busy(false); return; }
        if (first) {
          var b = data.bounds;
          if (Array.isArray(b) && b.length === 4 && validPoint({ lat: b[0], lon: b[1] }) &&
              validPoint({ lat: b[2], lon: b[3] })) {
            map.fitBounds([[b[0], b[1]], [b[2], b[3]]], {
              paddingTopLeft: [30, 50], paddingBottomRight: [30, 20], maxZoom: MAX_FIT_ZOOM
            });
          } else {
            map.setView(DEFAULT_CENTER, DEFAULT_ZOOM);
          }
          fetchCells(false);
          return;
        }
        drawCells(Array.isArray(data.cells) ? data.cells : []);
      })
      .catch(function (e) {
        if (ticket === state.ticket) busy(false);
        if (window.console) window.console.error('directory-map: ' + url.href, e);
      });
  }

  function drawFromSource(data) {
    state.source = data.source;
    state.drawn = data.text;
    fetchCells(true);
  }

  function draw(data) {
    if (data.source) {
      drawFromSource(data);
      return;
    }
    state.source = null;
    busy(false);
    var map = state.map;
    var icon = markerIcon(state.container);
    state.markers.clearLayers();
    data.points.forEach(function (p) {
      state.markers.addLayer(pointMarker(p, icon));
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

  // An <a> as HTML text, for Leaflet's attributions (which it writes with innerHTML): the
  // translated words are set as text, never parsed.
  function linkHtml(href, text, title) {
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    if (title) a.title = title;
    return a.outerHTML;
  }

  // Leaflet's own prefix ("Leaflet", its flag, an English title), with the page's title.
  function attributionPrefix(container) {
    var title = container.dataset.leafletTitle;
    var prefix = L.Control.Attribution.prototype.options.prefix;
    if (!title || typeof prefix !== 'string') return prefix;
    var holder = document.createElement('template');
    holder.innerHTML = prefix; // Leaflet's constant markup, not data
    var link = holder.content.querySelector('a');
    if (!link) return prefix;
    link.title = title;
    return holder.innerHTML;
  }

  function tileAttribution(container) {
    var d = container.dataset;
    var href = safeUrl(d.attributionUrl);
    if (d.attributionText && href) return linkHtml(href, d.attributionText);
    return '';
  }

  // The skip link before the map: shown with the map; it focuses the element it names (the
  // results list, swapped by htmx: looked up when used), as the markers' Tab stops are many.
  function wireSkipLink() {
    var skip = document.querySelector('[data-map-skip]');
    if (!skip) return;
    skip.hidden = false;
    // Not an attribute: htmx's history snapshot would keep it on a copy without the listener.
    if (state.skip === skip) return;
    state.skip = skip;
    skip.addEventListener('click', function (ev) {
      var target = document.getElementById((skip.getAttribute('href') || '').slice(1));
      if (!target) return;
      ev.preventDefault();
      if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
      target.focus();
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

    var d = container.dataset;
    var map = L.map(container, {
      scrollWheelZoom: false, center: DEFAULT_CENTER, zoom: DEFAULT_ZOOM,
      // Added below with the page's labels instead of Leaflet's English ones.
      zoomControl: false, attributionControl: false
    });
    var zoomLabels = {};
    if (d.zoomIn) zoomLabels.zoomInTitle = d.zoomIn;
    if (d.zoomOut) zoomLabels.zoomOutTitle = d.zoomOut;
    L.control.zoom(zoomLabels).addTo(map);
    L.control.attribution({ prefix: attributionPrefix(container) }).addTo(map);
    // Leaflet names every popup's close button "Close popup", with no option to change it.
    map.on('popupopen', function (e) {
      var el = e.popup.getElement();
      var close = el && el.querySelector('.leaflet-popup-close-button');
      if (close && d.closePopup) close.setAttribute('aria-label', d.closePopup);
    });
    // Do not hijack page scrolling: wheel zoom only while the map has focus.
    map.on('focus', function () { map.scrollWheelZoom.enable(); });
    map.on('blur', function () { map.scrollWheelZoom.disable(); });

    var tileUrl = d.tileUrl;
    if (tileUrl) {
      // Tiles that fail (offline, blocked) leave a blank background; markers still show.
      L.tileLayer(tileUrl, {
        attribution: tileAttribution(container),
        maxZoom: 19,
        // The site sends Referrer-Policy: same-origin; tile servers (OSM's usage policy)
        // want to know which site is asking: send the origin only.
        referrerPolicy: 'strict-origin-when-cross-origin'
      }).addTo(map);
    }

    wireSkipLink();
    state.container = container;
    state.map = map;
    state.markers = L.featureGroup().addTo(map);
    state.drawn = null;
    // The directory's map follows its view: new cells after each pan or zoom.
    var pending = null;
    map.on('moveend', function () {
      if (!state.source) return;
      // Answers for the view just left are stale: drop them, and stay busy until this
      // view's cells arrive.
      ++state.ticket;
      busy(true);
      window.clearTimeout(pending);
      pending = window.setTimeout(function () { fetchCells(false); }, 150);
    });
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
