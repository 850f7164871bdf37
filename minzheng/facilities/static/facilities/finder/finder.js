/* The meal-site finder (/meal-sites/): the map of the results and the "使用我的位置" button.
   The page works without this file: the form and the list are the server's. No inline script
   or style anywhere (CSP): the map's points come from the JSON the page embeds, already in the
   coordinate system of the tiles (see minzheng/facilities/finder/map.py). */
(function () {
  "use strict";

  var REASONS = {
    1: "您没有允许本页面获取位置。可以在浏览器设置中允许，或直接输入地址查找。",
    2: "暂时无法确定您的位置，请稍后再试，或输入地址查找。",
    3: "获取位置超时，请稍后再试，或输入地址查找。"
  };

  function locateButton() {
    var button = document.getElementById("finder-locate");
    var status = document.getElementById("finder-locate-status");
    // Browsers give a position to secure pages only (https, or this machine): elsewhere the
    // button could only fail, so it stays hidden.
    if (!button || !status || !("geolocation" in navigator) || !window.isSecureContext) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = "正在获取您的位置……";
      navigator.geolocation.getCurrentPosition(function (position) {
        // Browsers give WGS-84, as GPS does; the page is told which system it gets.
        var query = new URLSearchParams({
          lng: position.coords.longitude.toFixed(6), lat: position.coords.latitude.toFixed(6), coord: "wgs84"
        });
        window.location.assign(button.dataset.url + "?" + query.toString());
      }, function (error) {
        button.disabled = false;
        status.textContent = REASONS[error.code] || REASONS[2];
      }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
    });
  }

  // A step of 1, 2 or 5 times a power of ten, near the raw one.
  function niceStep(raw) {
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var m = raw / power;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
  }

  // Without tiles: lines of latitude and longitude about eight to a screen, redrawn as the map
  // moves, so that the markers sit on something that reads as a map.
  function graticule(map) {
    var layer = L.layerGroup().addTo(map);
    var style = {color: "#c5d0dc", weight: 1, interactive: false};
    function draw() {
      layer.clearLayers();
      var b = map.getBounds().pad(0.5);
      var step = niceStep(Math.max(b.getEast() - b.getWest(), b.getNorth() - b.getSouth()) / 8);
      var i;
      for (i = Math.floor(b.getWest() / step); i * step <= b.getEast(); i++) {
        layer.addLayer(L.polyline([[b.getSouth(), i * step], [b.getNorth(), i * step]], style));
      }
      for (i = Math.floor(b.getSouth() / step); i * step <= b.getNorth(); i++) {
        layer.addLayer(L.polyline([[i * step, b.getWest()], [i * step, b.getEast()]], style));
      }
    }
    draw();
    map.on("moveend", draw);
  }

  // Tooltips from text nodes, never from HTML: a site's name is typed by staff.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  function drawMap() {
    var holder = document.getElementById("finder-map");
    var source = document.getElementById("finder-map-data");
    if (!holder || !source || !window.L) return;
    var data = JSON.parse(source.textContent);
    // The renderer no larger than the map: the default draws 10% beyond each edge, hidden by
    // the map's box but still past the edge of a phone's screen.
    var map = L.map(holder, {attributionControl: Boolean(data.tiles), zoomControl: false,
                             renderer: L.svg({padding: 0})});
    // The view first: Leaflet draws vector layers (the start's dot, the grid) against it.
    var points = [[data.origin.lat, data.origin.lng]].concat(data.sites.map(function (site) {
      return [site.lat, site.lng];
    }));
    map.fitBounds(L.latLngBounds(points), {padding: [30, 30], maxZoom: 17});
    L.control.zoom({zoomInTitle: "放大", zoomOutTitle: "缩小"}).addTo(map);
    L.control.scale({imperial: false}).addTo(map);
    if (data.tiles) {
      map.attributionControl.setPrefix(false);
      L.tileLayer(data.tiles.url, {attribution: data.tiles.attribution, maxZoom: 18}).addTo(map);
    } else {
      graticule(map);
    }
    L.circleMarker(points[0], {radius: 8, color: "#fff", weight: 2, fillColor: "#d92d20", fillOpacity: 1})
      .addTo(map).bindTooltip(text("出发地点：" + data.origin.label));
    data.sites.forEach(function (site) {
      var icon = L.divIcon({className: "finder-pin", html: "<span>" + Number(site.rank) + "</span>",
                            iconSize: [26, 26], iconAnchor: [13, 13]});
      L.marker([site.lat, site.lng], {icon: icon, title: site.name, alt: site.name, keyboard: false})
        .addTo(map).bindTooltip(text(site.rank + ". " + site.name + "（" + site.distance_m + " 米）"));
    });
    holder.dataset.ready = "1";
  }

  locateButton();
  drawMap();
})();
