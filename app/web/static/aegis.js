/* Aegis: progressive enhancement only; every page works without this file.
   Quick exit: clears what this site kept in the browser and replaces the current history entry
   with a neutral site (location.replace), on a click or on Escape pressed three times. */
(function () {
  "use strict";
  var exitUrl = document.body.getAttribute("data-exit") || "https://www.google.com/";
  function quickExit(event) {
    if (event) { event.preventDefault(); }
    try { window.sessionStorage.clear(); } catch (e) { /* storage may be off */ }
    try { window.localStorage.clear(); } catch (e) { /* storage may be off */ }
    document.title = "";
    document.body.innerHTML = "";
    window.location.replace(exitUrl);
  }
  var button = document.getElementById("quick-exit");
  if (button) { button.addEventListener("click", quickExit); }
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) { quickExit(event); }
  });
  /* After a failed answer, take keyboard and screen reader users to the list of what to fix. */
  /* The browser's own Back button goes back one question, like the page's Back button, instead
     of showing "Confirm form resubmission" (every step is a POST and nothing is cached). */
  var backButton = document.querySelector("#qform button[name=nav][value=back]");
  if (backButton && window.history && window.history.pushState) {
    window.history.pushState({ aegisBack: true }, "", window.location.href);
    window.addEventListener("popstate", function () { backButton.click(); });
  }
  /* Switching language keeps what was typed on this page: copy the page's fields along. */
  var langForm = document.querySelector("form.lang");
  var pageForm = document.getElementById("qform");
  if (langForm && pageForm && window.FormData) {
    langForm.addEventListener("submit", function () {
      new FormData(pageForm).forEach(function (value, name) {
        if (name === "t" || name === "nav" || name === "lang" || typeof value !== "string") { return; }
        var field = document.createElement("input");
        field.type = "hidden"; field.name = name; field.value = value;
        langForm.appendChild(field);
      });
    });
  }
  var summary = document.querySelector(".error[tabindex='-1']");
  if (summary) { summary.focus(); }
  /* Forms that download a file: keep the page usable after the download starts. */
  var printButtons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < printButtons.length; i++) {
    printButtons[i].addEventListener("click", function () { window.print(); });
  }
})();
