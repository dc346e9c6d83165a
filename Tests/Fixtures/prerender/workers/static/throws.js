// A worker whose script throws at once: the page's Worker gets an ErrorEvent.
self.addEventListener("error", (event) => {
  postMessage("worker saw: " + [event.message, event.error instanceof Error, event.filename.endsWith("/static/throws.js"), event.lineno].join(" | "));
});
throw new Error("boom");
