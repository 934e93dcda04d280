// vigie: two small comforts when JavaScript runs. Pages work fully without it.
// 1. Times also in the reader's own timezone, when it differs from the site's.
// 2. While an incident or a maintenance is active, the page reloads itself every few
//    minutes, with a button to pause (WCAG 2.2.1: the reader controls the timing).
// 3. A promised update whose time has passed by the reader's clock shows as late at once,
//    even when the page was built before (a rebuild may come late).
// 4. A page opened more than the site's cadence after it was built says when it was built.
(function () {
  "use strict";
  var body = document.body;
  var lang = document.documentElement.lang || "en";

  function localTimes() {
    var label = body.getAttribute("data-local-time");
    if (!label || typeof Intl === "undefined") return;
    var siteZone = body.getAttribute("data-timezone");
    var readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!readerZone || readerZone === siteZone) return;
    var format = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: readerZone });
    var siteFormat = siteZone ? new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: siteZone }) : null;
    document.querySelectorAll("time[datetime*='T']").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when.getTime())) return;
      var mine = format.format(when);
      if (siteFormat && siteFormat.format(when) === mine) return;
      var note = document.createElement("span");
      note.className = "local-time";
      note.textContent = " (" + label.replace("{time}", mine) + ")";
      // Inside the <time>, so that a layout that places the time places its note too.
      el.appendChild(note);
    });
  }

  function autoRefresh() {
    var seconds = parseInt(body.getAttribute("data-refresh") || "0", 10);
    var holder = document.getElementById("refresh-control");
    if (!seconds || !holder) return;
    var key = "vigie-refresh-paused";
    var timer = null;
    var text = document.createElement("span");
    var button = document.createElement("button");
    button.type = "button";
    function paused() {
      try { return window.sessionStorage.getItem(key) === "1"; } catch (e) { return false; }
    }
    function show() {
      var off = paused();
      text.textContent = body.getAttribute(off ? "data-refresh-off" : "data-refresh-on") + " ";
      button.textContent = body.getAttribute(off ? "data-refresh-resume" : "data-refresh-pause");
      button.setAttribute("aria-pressed", off ? "true" : "false");
      if (timer) window.clearTimeout(timer);
      timer = off ? null : window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
    }
    button.addEventListener("click", function () {
      try { window.sessionStorage.setItem(key, paused() ? "0" : "1"); } catch (e) { /* private mode */ }
      show();
    });
    holder.appendChild(text);
    holder.appendChild(button);
    holder.hidden = false;
    show();
  }

  // Before localTimes, which adds the reader's time inside the <time>.
  function latePromises() {
    document.querySelectorAll(".next-update[data-late]").forEach(function (el) {
      var time = el.querySelector("time[datetime]");
      var due = time && new Date(time.getAttribute("datetime"));
      if (!due || isNaN(due.getTime()) || due.getTime() > Date.now()) return;
      el.classList.add("next-update--late");
      time.textContent = el.getAttribute("data-late");
    });
  }

  function stalePage() {
    var note = document.querySelector(".stale-note[data-built]");
    if (!note) return;
    var built = new Date(note.getAttribute("data-built")).getTime();
    var after = parseInt(note.getAttribute("data-stale-after") || "0", 10) * 1000;
    if (isNaN(built) || !(after > 0) || Date.now() - built <= after) return;
    note.hidden = false;
  }

  latePromises();
  stalePage();
  localTimes();
  autoRefresh();
})();
