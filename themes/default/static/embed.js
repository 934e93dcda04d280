/* vigie embed: a notice inside another site while an incident is open or a maintenance is in
   progress. One tag: <script src="https://status.example.com/embed.js" async></script>.
   No dependency; reads api/v2/summary.json from the status site (served to any origin); draws
   in a shadow root with a constructed stylesheet, so the host page's styles and its CSP
   (no inline style, no eval) are left alone. */
(function () {
  "use strict";
  var words = __VIGIE_WORDS__;
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var base = script.src.replace(/embed\.js(\?.*)?$/, "");
  var css =
    ":host{all:initial}" +
    ".notice{position:fixed;bottom:16px;right:16px;max-width:360px;z-index:2147483647;" +
    "font:14px/1.4 system-ui,sans-serif;background:#fff;color:#1a1a1a;border:1px solid #c9c9c9;" +
    "border-left:5px solid #b3261e;border-radius:8px;padding:12px 40px 12px 14px;" +
    "box-shadow:0 4px 16px rgba(0,0,0,.15)}" +
    ".notice.maintenance{border-left-color:#1f5fbf}" +
    ".title{font-weight:700;margin:0 0 4px}.status{margin:0 0 6px}" +
    "a{color:#0b57d0}button{position:absolute;top:6px;right:6px;border:0;background:none;" +
    "font:20px/1 system-ui,sans-serif;color:inherit;cursor:pointer;padding:4px 8px}" +
    "button:focus-visible,a:focus-visible{outline:2px solid #0b57d0;outline-offset:2px}" +
    "@media (prefers-color-scheme:dark){.notice{background:#1e1f22;color:#eee;border-color:#444}" +
    "a{color:#8ab4f8}}";

  function open(summary) {
    var items = [];
    (summary.incidents || []).forEach(function (i) {
      if (i.status !== "resolved" && i.status !== "postmortem") items.push({ kind: "incident", item: i });
    });
    (summary.scheduled_maintenances || []).forEach(function (m) {
      if (m.status === "in_progress" || m.status === "verifying") items.push({ kind: "maintenance", item: m });
    });
    return items;
  }

  function key(entry) {
    return "vigie-embed-dismissed:" + entry.item.id + ":" + entry.item.updated_at;
  }

  function show(entry) {
    try {
      if (window.sessionStorage.getItem(key(entry))) return;
    } catch (e) { /* storage refused: show it */ }
    var host = document.createElement("div");
    host.setAttribute("data-vigie-embed", "");
    var root = host.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in root && window.CSSStyleSheet) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    }
    var box = document.createElement("div");
    box.className = "notice " + entry.kind;
    box.setAttribute("role", "status");
    box.setAttribute("lang", words.lang);
    var title = document.createElement("p");
    title.className = "title";
    title.textContent = entry.item.name;
    var status = document.createElement("p");
    status.className = "status";
    var update = (entry.item.incident_updates || [])[0];
    status.textContent = (entry.kind === "maintenance" ? words.maintenance : words.incident) +
      (words.statuses[entry.item.status] ? " · " + words.statuses[entry.item.status] : "");
    var link = document.createElement("a");
    link.href = entry.item.shortlink || base;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = words.details;
    var close = document.createElement("button");
    close.type = "button";
    close.setAttribute("aria-label", words.dismiss);
    close.textContent = "\u00d7";
    close.addEventListener("click", function () {
      try { window.sessionStorage.setItem(key(entry), "1"); } catch (e) { /* not kept */ }
      host.remove();
    });
    box.append(title, status);
    if (update && update.body) {
      var body = document.createElement("p");
      body.textContent = update.body.length > 200 ? update.body.slice(0, 199) + "\u2026" : update.body;
      box.append(body);
    }
    box.append(link, close);
    root.append(box);
    document.body.append(host);
  }

  fetch(base + "api/v2/summary.json", { credentials: "omit" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (summary) {
      var first = summary && open(summary)[0];
      if (first) show(first);
    })
    .catch(function () { /* the status site is unreachable: say nothing */ });
})();
