// Site-wide behaviour that the CSP lets us run: no inline scripts anywhere.
"use strict";

// The menu button (narrow screens): opens and closes the navigation and the user's menu.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest(".menu-toggle");
  if (!toggle) {
    return;
  }
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  document.getElementById(toggle.getAttribute("aria-controls"))?.classList.toggle("open", open);
});

// <button data-confirm="…">: ask first. Cancelling stops the form, and so the htmx request too.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});

// htmx does not swap error answers; tell the user what happened instead of doing nothing.
const ERROR_TEXT = {
  400: "请求有误，请检查后重试",
  403: "您没有执行此操作的权限，或页面已过期，请刷新后重试",
  404: "记录不存在或不在您的管辖范围内",
  429: "操作过于频繁，请稍后再试",
};

function showMessage(text, level) {
  const box = document.getElementById("messages");
  if (!box) {
    return;
  }
  let list = box.querySelector("ul.messages");
  if (!list) {
    list = document.createElement("ul");
    list.className = "messages";
    box.appendChild(list);
  }
  const item = document.createElement("li");
  item.className = level;
  item.textContent = text;
  list.appendChild(item);
}

document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  showMessage(ERROR_TEXT[status] || `操作失败（${status}），请稍后重试`, "error");
});

document.addEventListener("htmx:sendError", () => {
  showMessage("无法连接服务器，请检查网络后重试", "error");
});
