// gowasm-serve live reload (dev only): listens to /_gowasm/events and reloads the page after a good
// build, or shows the compiler output in an overlay after a failed one (removed by the next good build).
(() => {
  "use strict";
  const overlayId = "__gowasm_build_error";

  function showBuildError(output) {
    let overlay = document.getElementById(overlayId);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = overlayId;
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:24px;" +
        "background:rgba(24,24,27,.94);color:#fafafa;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace";
      const title = document.createElement("h2");
      title.textContent = "Build failed";
      title.style.cssText = "margin:0 0 12px;color:#f87171;font:600 18px system-ui,sans-serif";
      const pre = document.createElement("pre");
      pre.style.cssText = "margin:0;white-space:pre-wrap";
      overlay.append(title, pre);
      (document.body || document.documentElement).append(overlay);
    }
    overlay.querySelector("pre").textContent = output;
  }

  function clearBuildError() {
    const overlay = document.getElementById(overlayId);
    if (overlay) overlay.remove();
  }

  const events = new EventSource("/_gowasm/events");
  events.addEventListener("reload", () => {
    clearBuildError();
    location.reload();
  });
  events.addEventListener("build-error", (event) => showBuildError(event.data));
  events.addEventListener("build-ok", clearBuildError);
  window.__gowasmLiveReload = { events, showBuildError, clearBuildError };
})();
