// The interactive map's script (laomap.maps.web): draws every layer of the atlas from one JSON document D.
// Served inside the folium map (dashboard and offline HTML export); needs Leaflet, nothing else.
function laomapAtlas(map, D) {
  function pane(name, z) { map.createPane(name); map.getPane(name).style.zIndex = z; return name; }
  pane('lm-base', 250); pane('lm-lines', 420); pane('lm-arcs', 430); pane('lm-sites', 450); pane('lm-labels', 460);
  map.getPane('lm-labels').style.pointerEvents = 'none';
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
  var overlays = {};
  var provinces = L.geoJSON(D.provinces, {
    style: function (f) { return f.properties.style; },
    onEachFeature: function (f, layer) {
      bind(layer, f.properties);
      layer.on('mouseover', function () { layer.setStyle(D.hover); });
      layer.on('mouseout', function () { layer.setStyle(f.properties.style); });
    }
  }).addTo(map);
  overlays[D.names.provinces] = provinces;
  // the context countries after the provinces (they sit in a lower pane): the map reads sooner
  L.geoJSON(D.countries, {pane: 'lm-base', interactive: false, style: D.countryStyle}).addTo(map);
  // Outlines of the selected places are drawn, never clicked: a click goes to the province below.
  L.geoJSON(D.selected, {pane: pane('lm-selected', 410), interactive: false,
    style: function (f) { return f.properties.style; }}).addTo(map);
  var lines = L.featureGroup([], {pane: 'lm-lines'});
  D.lines.forEach(function (f) {
    var layer = L.geoJSON(f, {pane: 'lm-lines', style: function () { return f.properties.style; },
      onEachFeature: function (_f, l) { bind(l, f.properties); }});
    lines.addLayer(layer);
  });
  lines.addTo(map);
  overlays[D.names.lines] = lines;
  if (D.arcs.length) {
    var arcs = L.featureGroup();
    D.arcs.forEach(function (a) {
      var l = L.polyline(a.latlngs, Object.assign({pane: 'lm-arcs'}, D.arcStyle));
      bind(l, a);
      arcs.addLayer(l);
    });
    arcs.addTo(map);
    overlays[D.names.arcs] = arcs;
  }
  var sites = L.featureGroup(), siteMarkers = {};
  D.sites.forEach(function (s) {
    if (s.halo) {  // a group of places: a soft disc around the marker, as marker clusters have
      sites.addLayer(L.circleMarker([s.lat, s.lon], {pane: 'lm-sites', radius: s.style.radius + 5, stroke: false,
        fillColor: s.style.fillColor, fillOpacity: 0.25, interactive: false}));
    }
    if (s.style.ring) {
      sites.addLayer(L.circleMarker([s.lat, s.lon], {pane: 'lm-sites', radius: s.style.radius + 4, color: s.style.fillColor,
        weight: 1.5, fill: false, interactive: false}));
    }
    var m = L.circleMarker([s.lat, s.lon], Object.assign({pane: 'lm-sites'}, s.style));
    bind(m, s);
    sites.addLayer(m);
    siteMarkers[s.id] = m;
  });
  sites.addTo(map);
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
  L.control.layers(null, overlays, {collapsed: true, position: 'topright'}).addTo(map);
  L.control.scale({imperial: false, position: 'bottomleft'}).addTo(map);
  if (D.compact) { map.getContainer().classList.add('lm-compact'); }
  function box(html, cls, position) {
    var C = L.Control.extend({options: {position: position}, onAdd: function () {
      var div = L.DomUtil.create('div', 'lm-box ' + cls);
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    }});
    return new C().addTo(map).getContainer();
  }
  box(D.legend, 'lm-legend', 'bottomright');
  if (D.trays) { box(D.trays, 'lm-trays', 'topleft'); }
  if (D.inset) {
    var div = box('<h5>' + D.inset.title + '</h5><div class="lm-inset-map"></div><div class="lm-inset-list">'
      + D.inset.list + '</div>', 'lm-inset', 'bottomleft');
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
      m.fire('click', {latlng: m.getLatLng()});
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
    requestAnimationFrame(relabel);
    window.addEventListener('load', relabel);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(relabel); }
    if (selectable) {
      div.classList.add('lm-selectable');
      div.querySelectorAll('[data-place]').forEach(function (el) {
        el.addEventListener('click', function () { select(el.getAttribute('data-place')); });
      });
    }
  }
}
