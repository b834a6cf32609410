// The interactive map's script (laomap.maps.web): draws every layer of the atlas from one JSON document D.
// Served inside the folium map (dashboard and offline HTML export); needs Leaflet, nothing else.
function laomapAtlas(map, D) {
  function pane(name, z) { map.createPane(name); map.getPane(name).style.zIndex = z; return name; }
  pane('lm-base', 250); pane('lm-lines', 420); pane('lm-arcs', 430); pane('lm-sites', 450); pane('lm-labels', 460);
  map.getPane('lm-labels').style.pointerEvents = 'none';
  // The frame's language is the interface's, and it may be zoomed (folium's page says user-scalable=no).
  if (D.lang) { document.documentElement.lang = D.lang; }
  document.querySelectorAll('meta[name="viewport"]').forEach(function (el) {
    el.setAttribute('content', 'width=device-width, initial-scale=1');
  });
  // The frame is a document of its own. Where nothing else in it is the main content or names it (the dashboard's frame;
  // the offline page has its own title band), the map is its main landmark and a heading, seen by screen readers only,
  // names it for those who move by headings.
  map.getContainer().setAttribute('role', document.querySelector('main, [role="main"]') ? 'region' : 'main');
  map.getContainer().setAttribute('aria-label', plain(D.names.region));
  if (D.names.heading && !document.querySelector('h1')) {
    var heading = document.createElement('h1');
    heading.className = 'lm-sr';
    heading.textContent = plain(D.names.heading);
    map.getContainer().insertBefore(heading, map.getContainer().firstChild);  // inside the landmark, like all content
  }
  map.getPane('lm-labels').setAttribute('aria-hidden', 'true');  // the names are in the shapes' own names
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(D.attribution);
  // A popup opens clear of the legend in the bottom-right corner: before it opens, its auto-pan padding
  // on the right is set to the legend's width, so the map pans the popup out from under the legend.
  function legendWidth() {
    var el = map.getContainer().querySelector('.lm-legend');
    return el ? el.offsetWidth + 30 : 10;  // a margin: the popup may grow a little once its fonts are in
  }
  function bind(layer, p) {
    if (p.tip) { layer.bindTooltip(p.tip, {sticky: true, direction: 'top', offset: [0, -6]}); }
    if (p.popup) {
      var popup = L.popup({maxWidth: 440, minWidth: 260}).setContent(p.popup);
      layer.on('click', function () {  // registered before bindPopup's own click handler, so it runs first
        popup.options.autoPanPaddingBottomRight = L.point(legendWidth(), 14);
      });
      layer.bindPopup(popup);
    }
  }
  // The keyboard: every province, line and place is a button named by its tooltip ("Houaphanh Province · 6
  // statements"); Enter or Space does what a click does (the same event, so the page selects it the same way).
  function plain(text) { var el = document.createElement('textarea'); el.innerHTML = text || ''; return el.value; }
  // A press is a click at the shape's centre, each a tenth of a millimetre beside the last: a second press on the
  // same shape (to let its place go) is a new click for the page, as a second click of the mouse is (streamlit-folium
  // passes on only what differs from what it passed last, and the map's frame outlives a filter change). The count
  // lives in the frame, not in this drawing, which a filter change draws anew in the same frame: a count of its own
  // would start again and give the first press after a redraw the point of the one before it.
  function press(at) {
    window.__lmPresses = (window.__lmPresses || 0) + 1;
    return L.latLng(at.lat, at.lng + window.__lmPresses * 1e-9);
  }
  var stops = [];
  function keyboard(layer, p, where) {
    var el = layer.getElement && layer.getElement();
    if (!el || !p.tip) { return; }
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', plain(p.tip));
    el.addEventListener('keydown', function (ev) {
      if (ev.key !== 'Enter' && ev.key !== ' ') { return; }
      ev.preventDefault();
      ev.stopPropagation();
      layer.fire('click', {latlng: press(where()), originalEvent: ev}, true);
    });
    el.addEventListener('focus', function () { if (layer.openTooltip) { layer.openTooltip(where()); } });
    el.addEventListener('blur', function () { if (layer.closeTooltip) { layer.closeTooltip(); } });
    stops.push({el: el, tab: p.tab || 0});
  }
  // Tab goes through provinces, then lines, then places, each in the reading order its data gives (``tab``: north to
  // south, the Lao places before the partners abroad; laomap.maps.web): the DOM order.
  function reading(list) {
    list.sort(function (a, b) { return a.tab - b.tab; });
    list.forEach(function (s) { s.el.parentNode.appendChild(s.el); });
  }
  var layersControl = L.control.layers(null, {}, {collapsed: true, position: 'topright'}).addTo(map);  // filled below
  L.control.scale({imperial: false, position: 'bottomleft'}).addTo(map);
  var container = map.getContainer();
  // paper white, from the palette that atlas_css sets on the container (laomap.style): casings, rings, edges
  var paper = getComputedStyle(container).getPropertyValue('--lm-white').trim();
  if (D.compact) { container.classList.add('lm-compact'); }
  if (D.fill && window.__GLOBAL_DATA__) {  // the map fills its frame, which the page sizes to the screen
    document.documentElement.style.overflow = document.body.style.overflow = 'hidden';
    document.body.style.margin = '0';
    container.style.height = '100vh';
    map.invalidateSize({animate: false});
  }
  function sized() {  // a small map gets smaller boxes; a phone's starts with them folded
    var size = map.getSize();
    container.classList.toggle('lm-small', size.x < 760 || size.y < 600);
    return size;
  }
  var first = sized();
  function box(html, cls, position) {
    var C = L.Control.extend({options: {position: position}, onAdd: function () {
      var div = L.DomUtil.create('div', 'lm-box ' + cls);
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      var fold = div.querySelector('details');
      if (fold) { fold.addEventListener('toggle', function () { fit(); }); }
      return div;
    }});
    return new C().addTo(map).getContainer();
  }
  // Boxes go where Laos is not: the legend top right (over Vietnam and the Gulf of Tonkin), the Japan inset
  // bottom left (over Thailand), the whole-country box top left; the view is then fitted around them (fit).
  var folds = [box(D.legend, 'lm-legend', 'topright')];
  if (D.trays) { folds.push(box(D.trays, 'lm-trays', 'topleft')); }
  if (D.trays && D.traysFolded) { folds[folds.length - 1].querySelector('details').open = false; }
  if (D.inset) {
    var div = box('<details open><summary>' + D.inset.title + '</summary><div class="lm-fold"><div class="lm-inset-map"></div>'
      + '<div class="lm-inset-list">' + D.inset.list + '</div></div></details>', 'lm-inset', 'bottomleft');
    folds.push(div);
    var mini = L.map(div.querySelector('.lm-inset-map'), {zoomControl: false, attributionControl: false,
      dragging: false, scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false,
      touchZoom: false, zoomSnap: 0.1});
    mini.fitBounds(D.inset.bounds, {padding: [4, 4]});  // a view first: vector layers need one
    L.geoJSON(D.inset.land, {interactive: false, style: D.countryStyle}).addTo(mini);
    L.geoJSON(D.inset.areas, {interactive: false, style: function (f) { return f.properties.style; }}).addTo(mini);
    // In the dashboard (streamlit-folium listens to clicks on the main map's layers), a click on a
    // Japanese place in the inset is passed on as a click on its marker on the main map, so it
    // selects the place like any other click; that marker's popup (far away in Japan) stays closed.
    var selectable = !!window.__GLOBAL_DATA__;
    function select(id) {
      var m = siteMarkers[id];
      if (!m) { return; }
      m.off('click', m._openPopup, m);
      m.fire('click', {latlng: press(m.getLatLng())});
      m.on('click', m._openPopup, m);
    }
    D.inset.sites.forEach(function (s) {
      var mark = L.circleMarker([s.lat, s.lon], Object.assign({interactive: selectable}, s.style)).bindTooltip(s.label,
        {permanent: true, direction: s.dir, className: 'lm-inset-label', offset: s.dir === 'left' ? [-6, 0] : [6, 0]});
      if (selectable) { mark.on('click', function () { select(s.id); }); }
      mark.addTo(mini);
    });
    // A label placed on the left of its point is positioned by its width, which is wrong when it is
    // measured before the frame's layout and fonts are final: place the labels again once they are.
    function relabel() {
      mini.eachLayer(function (l) { var tip = l.getTooltip && l.getTooltip(); if (tip && tip.isOpen()) { tip.update(); } });
    }
    map.on('unload', function () { mini.remove(); window.removeEventListener('load', relabel); });  // see fit's below
    requestAnimationFrame(relabel);
    window.addEventListener('load', relabel);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(relabel); }
    div.querySelector('details').addEventListener('toggle', function () {
      if (this.open) { mini.invalidateSize({animate: false}); mini.fitBounds(D.inset.bounds, {padding: [4, 4], animate: false}); relabel(); }
    });
    if (selectable) {
      div.classList.add('lm-selectable');
      div.querySelectorAll('[data-place]').forEach(function (el) {
        el.setAttribute('role', 'button');
        el.setAttribute('tabindex', '0');
        el.addEventListener('click', function () { select(el.getAttribute('data-place')); });
        el.addEventListener('keydown', function (ev) {
          if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(el.getAttribute('data-place')); }
        });
      });
    }
  }

  // The boxes first, then the view fitted around them, then the layers: Leaflet draws them once, at that view.
  if (first.x < 520) { folds.forEach(function (el) { var d = el.querySelector('details'); if (d) { d.open = false; } }); }

  // The opening view: Laos as large as it goes with (almost) none of it under a box or off the map. For
  // each zoom from the one that fits Laos's outline, the centre is moved by up to a quarter of the map
  // until no more than 1 % of the points of Laos (a grid, D.fit) falls under a box; the first zoom that
  // allows it wins, and of its centres the nearest that leaves the fewest place labels under a box (a
  // label reaches beyond the outline: "Wattay International Airport" under the Japan inset; the map is
  // not made smaller for a label: a quarter zoom step costs 30 % of its area). Once the user has moved
  // the map, it stays where they put it.
  var moved = false, fitting = false;
  map.on('dragstart', function () { moved = true; });
  map.on('zoomstart', function () { if (!fitting) { moved = true; } });
  var shifts = [];
  for (var i = -10; i <= 10; i++) { for (var j = -10; j <= 10; j++) { shifts.push([i / 40, j / 40]); } }
  shifts.sort(function (a, b) { return (a[0] * a[0] + a[1] * a[1]) - (b[0] * b[0] + b[1] * b[1]); });
  // A place's name that a view still leaves under a box (a small map, 1280x720: the legend over "Luang Prabang", the
  // Japan inset over "Wattay International Airport") moves to the first free spot beside its point: to the other side,
  // below, above (a province's name: up, down, aside), clear of every box, the map's edge and the names already placed;
  // a name with no free spot stays where it was. Each view starts again from the places the data gives.
  function controlRects() {  // the boxes over the map (legend, inset, buttons, scale, attribution), as drawn
    var out = [];
    container.querySelectorAll('.leaflet-control').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width && r.height) { out.push(r); }
    });
    return out;
  }
  function labelSpans() {  // each place name's element with its marker
    var out = [];
    if (labels) {
      labels.eachLayer(function (m) {
        var el = m.getElement && m.getElement(), span = el && el.querySelector('.lm-label');
        if (span) { out.push({m: m, el: el, span: span}); }
      });
    }
    return out;
  }
  function restore() {
    container.querySelectorAll('.lm-anchor .lm-label[data-lm-at]').forEach(function (s) {
      s.setAttribute('style', s.getAttribute('data-lm-at'));
      s.removeAttribute('data-lm-at');
    });
  }
  function unhide() {
    if (!labels || !map._mapPane) { return; }
    restore();
    var frame = container.getBoundingClientRect(), boxes = controlRects();
    var spans = labelSpans().map(function (x) { return x.span; });
    var rects = spans.map(function (sp) { var r = sp.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom}; });
    function meets(a, b) { return a.l < b.right && a.r > b.left && a.t < b.bottom && a.b > b.top; }
    function boxed(a) { return boxes.some(function (b) { return meets(a, b); }); }
    function free(a, i) {
      if (a.l < frame.left + 2 || a.t < frame.top + 2 || a.r > frame.right - 2 || a.b > frame.bottom - 2 || boxed(a)) { return false; }
      return rects.every(function (o, j) { return j === i || !(a.l < o.r + 2 && a.r > o.l - 2 && a.t < o.b + 2 && a.b > o.t - 2); });
    }
    spans.forEach(function (sp, i) {
      var a = rects[i], w = a.r - a.l, h = a.b - a.t;
      if (!w || !boxed(a)) { return; }
      var at = sp.parentNode.getBoundingClientRect(), ax = at.left, ay = at.top, moves;
      if (sp.classList.contains('lm-center')) {
        moves = [[0, -h - 2], [0, h + 2], [-w / 2 - 4, 0], [w / 2 + 4, 0], [-w / 2 - 4, -h - 2], [w / 2 + 4, -h - 2], [-w / 2 - 4, h + 2], [w / 2 + 4, h + 2]];
      } else {
        var side = a.l - ax;  // the gap between the point and its name
        moves = [[-(2 * side + w), 0], [ax - w / 2 - a.l, ay + side + 4 - a.t], [ax - w / 2 - a.l, ay - side - 4 - h - a.t]];
      }
      for (var k = 0; k < moves.length; k++) {
        var dx = moves[k][0], dy = moves[k][1], b = {l: a.l + dx, t: a.t + dy, r: a.r + dx, b: a.b + dy};
        if (!free(b, i)) { continue; }
        sp.setAttribute('data-lm-at', sp.getAttribute('style') || '');
        sp.style.left = ((parseFloat(sp.style.left) || 0) + dx) + 'px';
        sp.style.top = ((parseFloat(sp.style.top) || 0) + dy) + 'px';
        rects[i] = b;
        return;
      }
    });
  }
  function fit() {
    restore();
    fitView();
    unhide();
  }
  function fitView() {
    if (!map._mapPane) { return; }  // removed: a new filter's map took its place (laomap.ui.mapview)
    var size = sized();
    if (moved || !D.fit || D.fit.length < 2 || !size.x || !size.y) { return; }
    var frame = container.getBoundingClientRect();
    var boxes = controlRects().map(function (r) {  // in the map's pixels, 3 px wider all round
      return [r.left - frame.left - 3, r.top - frame.top - 3, r.right - frame.left + 3, r.bottom - frame.top + 3];
    });
    var tags = [];  // each place label's box around its point, in pixels (fixed whatever the zoom)
    labelSpans().forEach(function (x) {
      var a = x.el.getBoundingClientRect(), r = x.span.getBoundingClientRect();
      if (r.width && r.height) { tags.push({at: x.m.getLatLng(), r: [r.left - a.left, r.top - a.top, r.right - a.left, r.bottom - a.top]}); }
    });
    function covered(x0, y0, x1, y1) {
      for (var b = 0; b < boxes.length; b++) {
        var r = boxes[b];
        if (x0 < r[2] && x1 > r[0] && y0 < r[3] && y1 > r[1]) { return true; }
      }
      return false;
    }
    var bounds = L.latLngBounds(D.fit), centre = bounds.getCenter(), edge = 12;
    var top = map.getBoundsZoom(bounds, false, L.point(2 * edge, 2 * edge)), allowed = Math.floor(D.fit.length / 100);
    var best = null;
    for (var z = top; z >= top - 3 && !best; z -= 0.25) {
      var c = map.project(centre, z);
      var pts = D.fit.map(function (p) { return map.project(p, z).subtract(c); });
      var spots = tags.map(function (tg) { return map.project(tg.at, z).subtract(c); });
      for (var k = 0; k < shifts.length && !(best && best.hidden === 0); k++) {
        var ox = size.x / 2 + shifts[k][0] * size.x, oy = size.y / 2 + shifts[k][1] * size.y, bad = 0;
        for (var n = 0; n < pts.length && bad <= allowed; n++) {
          var x = pts[n].x + ox, y = pts[n].y + oy;
          if (x < edge || y < edge || x > size.x - edge || y > size.y - edge) { bad = allowed + 1; break; }
          for (var b = 0; b < boxes.length; b++) {
            var r = boxes[b];
            if (x > r[0] && x < r[2] && y > r[1] && y < r[3]) { bad++; break; }
          }
        }
        if (bad > allowed) { continue; }
        var hidden = 0;
        for (var q = 0; q < spots.length; q++) {
          var tr = tags[q].r, tx = spots[q].x + ox, ty = spots[q].y + oy;
          if (covered(tx + tr[0], ty + tr[1], tx + tr[2], ty + tr[3])) { hidden++; }
        }
        if (!best || hidden < best.hidden) { best = {z: z, dx: shifts[k][0] * size.x, dy: shifts[k][1] * size.y, hidden: hidden}; }
      }
    }
    if (!best) { best = {z: top - 3, dx: 0, dy: 0}; }
    var at = map.unproject(map.project(centre, best.z).subtract([best.dx, best.dy]), best.z);
    if (Math.abs(map.getZoom() - best.z) < 1e-6 && map.latLngToContainerPoint(at).distanceTo(size.divideBy(2)) < 1) { return; }
    fitting = true;
    map.setView(at, best.z, {animate: false});
    fitting = false;
  }
  map.fitLaos = fit;
  fit();
  var overlays = {};
  var provinces = L.geoJSON(D.provinces, {
    style: function (f) { return f.properties.style; },
    onEachFeature: function (f, layer) {
      bind(layer, f.properties);
      layer.on('add', function () { keyboard(layer, f.properties, function () { return layer.getCenter(); }); });
      layer.on('mouseover', function () { layer.setStyle(D.hover); });
      layer.on('mouseout', function () { layer.setStyle(f.properties.style); });
    }
  }).addTo(map);
  overlays[D.names.provinces] = provinces;
  reading(stops);
  stops = [];
  // the context countries after the provinces (they sit in a lower pane): the map reads sooner
  L.geoJSON(D.countries, {pane: 'lm-base', interactive: false, style: D.countryStyle}).addTo(map);
  // Outlines of the selected places are drawn, never clicked: a click goes to the province below.
  L.geoJSON(D.selected, {pane: pane('lm-selected', 410), interactive: false,
    style: function (f) { return f.properties.style; }}).addTo(map);
  var lines = L.featureGroup([], {pane: 'lm-lines'});
  D.lines.forEach(function (f) {
    // a white casing under the line: it stands out 3:1 or more from any class of the provinces it crosses
    lines.addLayer(L.geoJSON(f, {pane: 'lm-lines', interactive: false, style: function () {
      return {color: paper, weight: f.properties.style.weight + 3, opacity: 0.9, lineCap: f.properties.style.lineCap};
    }}));
    var layer = L.geoJSON(f, {pane: 'lm-lines', style: function () { return f.properties.style; },
      onEachFeature: function (_f, l) {
        bind(l, f.properties);
        l.on('add', function () { keyboard(l, f.properties, function () { return l.getCenter(); }); });
      }});
    lines.addLayer(layer);
  });
  lines.addTo(map);
  reading(stops);
  stops = [];
  overlays[D.names.lines] = lines;
  if (D.arcs.length) {
    var arcs = L.featureGroup();
    D.arcs.forEach(function (a) {
      var l = L.polyline(a.latlngs, Object.assign({pane: 'lm-arcs'}, D.arcStyle));
      bind(l, a);
      l.on('add', function () { keyboard(l, a, function () { return l.getCenter(); }); });
      arcs.addLayer(l);
    });
    arcs.addTo(map);
    stops = [];  // the links keep their order (north to south by their Japanese end)
    overlays[D.names.arcs] = arcs;
  }
  var sites = L.featureGroup(), siteMarkers = {};
  D.sites.forEach(function (s) {
    if (s.halo) {  // a group of places: a soft disc around the marker, as marker clusters have
      sites.addLayer(L.circleMarker([s.lat, s.lon], {pane: 'lm-sites', radius: s.style.radius + 5, stroke: false,
        fillColor: s.style.fillColor, fillOpacity: 0.25, interactive: false}));
    }
    if (s.style.ring) {  // the capital's ring, on a white one: seen on the darkest province too
      sites.addLayer(L.circleMarker([s.lat, s.lon], {pane: 'lm-sites', radius: s.style.radius + 4, color: paper,
        weight: 4, fill: false, interactive: false}));
      sites.addLayer(L.circleMarker([s.lat, s.lon], {pane: 'lm-sites', radius: s.style.radius + 4, color: s.style.fillColor,
        weight: 1.5, fill: false, interactive: false}));
    }
    var m = L.circleMarker([s.lat, s.lon], Object.assign({pane: 'lm-sites'}, s.style));
    bind(m, s);
    m.on('add', function () { keyboard(m, s, function () { return m.getLatLng(); }); });
    sites.addLayer(m);
    siteMarkers[s.id] = m;
  });
  (D.activities || []).forEach(function (a) {  // an agency's activity: a diamond, apart from the plans' round sites
    var m = L.marker([a.lat, a.lon], {pane: 'lm-sites', icon: L.divIcon({className: 'lm-activity', iconSize: [a.size, a.size],
      html: '<span style="display:block;width:100%;height:100%;box-sizing:border-box;background:' + a.color +
        ';border:1.5px solid ' + paper + ';transform:rotate(45deg) scale(.75)"></span>'})});
    bind(m, a);
    sites.addLayer(m);
  });
  sites.addTo(map);
  reading(stops);
  stops = [];
  overlays[D.names.sites] = sites;
  var labels = L.layerGroup();
  D.labels.forEach(function (lb) {
    labels.addLayer(L.marker([lb.lat, lb.lon], {pane: 'lm-labels', interactive: false, keyboard: false,
      icon: L.divIcon({className: 'lm-anchor', iconSize: [0, 0], iconAnchor: [0, 0],
        html: '<span class="' + lb.cls + '" style="left:' + (lb.dx || 0) + 'px;top:' + (lb.dy || 0) + 'px">' + lb.html + '</span>'})}));
  });
  labels.addTo(map);
  overlays[D.names.labels] = labels;
  if (D.tiles) {
    var osm = L.tileLayer(D.tiles.url, {attribution: D.tiles.attribution, maxZoom: 18, pane: 'lm-base'});
    osm.addTo(map);
    overlays[D.tiles.name] = osm;
  }
  Object.keys(overlays).forEach(function (name) { layersControl.addOverlay(overlays[name], name); });
  function name(selector, text) {
    container.querySelectorAll(selector).forEach(function (el) { el.setAttribute('title', text); el.setAttribute('aria-label', text); });
  }
  name('.leaflet-control-zoom-in', plain(D.names.zoomIn));
  name('.leaflet-control-zoom-out', plain(D.names.zoomOut));
  name('.leaflet-control-layers-toggle', plain(D.names.layers));
  container.querySelectorAll('.leaflet-control-layers-toggle').forEach(function (el) { el.setAttribute('role', 'button'); });
  map.on('popupopen', function () { name('.leaflet-popup-close-button', plain(D.names.close)); });
  requestAnimationFrame(fit);
  window.addEventListener('load', fit);
  // A new filter's map replaces this one in the same frame (laomap.ui.mapview): what the frame keeps must let go of it.
  map.on('unload', function () { window.removeEventListener('load', fit); });
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(fit); }
  map.on('resize', fit);
  map.on('moveend', function () { if (!fitting) { unhide(); } });  // a zoom ends with a moveend too
}
