// The caregiver's phone page: check a visit in or out through the API with the phone's position
// (WGS-84 from the browser), or with the position typed in when the phone cannot locate itself.
(function () {
  "use strict";
  var root = document.getElementById("visits");
  if (!root) { return; }
  var api = root.getAttribute("data-api");
  var csrf = root.getAttribute("data-csrf");
  var STATUS = { scheduled: "待服务", in_service: "服务中", done: "已完成", cancelled: "已取消" };

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The phone's local time with its zone, as the API asks (ISO 8601, e.g. +08:00).
  function now() {
    var d = new Date();
    var offset = -d.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" +
      pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60);
  }

  function manual(card) {
    var lng = card.querySelector("input[name=lng]").value.trim();
    var lat = card.querySelector("input[name=lat]").value.trim();
    return lng || lat ? { lng: lng, lat: lat } : null;
  }

  // The typed position wins; otherwise the phone's, and without one the manual fields are opened.
  function position(card) {
    return new Promise(function (resolve, reject) {
      var typed = manual(card);
      if (typed) { resolve(typed); return; }
      if (!navigator.geolocation) { reject(new Error("本机无法定位，请手工填写经纬度。")); return; }
      navigator.geolocation.getCurrentPosition(
        function (p) { resolve({ lng: p.coords.longitude.toFixed(7), lat: p.coords.latitude.toFixed(7) }); },
        function () { reject(new Error("未能取得定位，请手工填写经纬度。")); },
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
      );
    });
  }

  function showErrors(card, messages) {
    var list = card.querySelector(".errorlist");
    list.innerHTML = "";
    messages.forEach(function (m) {
      var li = document.createElement("li");
      li.textContent = m;
      list.appendChild(li);
    });
    list.hidden = messages.length === 0;
  }

  function time(iso) { return iso ? iso.substring(11, 16) : ""; }

  function render(card, order) {
    var text = STATUS[order.status] || order.status;
    if (order.checked_in_at) { text += "，" + time(order.checked_in_at) + " 签到"; }
    if (order.checked_out_at) { text += "，" + time(order.checked_out_at) + " 签退，" + order.minutes + " 分钟"; }
    card.querySelector(".state").textContent = text;
    card.setAttribute("data-status", order.status);
    card.querySelector("[data-action=check-in]").hidden = order.status !== "scheduled";
    card.querySelector("[data-action=check-out]").hidden = order.status !== "in_service";
  }

  function send(card, action, button) {
    button.disabled = true;
    showErrors(card, []);
    position(card).then(function (where) {
      return fetch(api + card.getAttribute("data-order") + "/" + action + "/", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
        body: JSON.stringify({ at: now(), lng: where.lng, lat: where.lat })
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            var found = [];
            Object.keys(body).forEach(function (k) { found = found.concat(body[k]); });
            throw new Error(found.join("\n") || "提交失败，请重试。");
          }
          render(card, body);
        });
      });
    }).catch(function (error) {
      showErrors(card, String(error.message).split("\n"));
      if (/定位/.test(error.message)) { card.querySelector("details.manual").open = true; }
    }).then(function () { button.disabled = false; });
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) { return; }
    send(button.closest(".visit"), button.getAttribute("data-action"), button);
  });
})();
