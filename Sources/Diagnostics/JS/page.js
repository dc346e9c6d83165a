// gowasm-serve dev: the diagnosis layer inside the browser page (served at /_gowasm/diagnose.js, loaded first
// in <head>, before the glue defines `Go`). `layer` is diagnose.js. It adds what only a page has:
// - a small panel of live counts (js.Funcs live, linear memory, crossings per second, the longest time Go
//   kept the event loop);
// - the console (Go's stdout and stderr, panics included: the glue writes both to console.log) and uncaught
//   errors, sent to the terminal running `dev`;
// - the layer's facts, sent when the program exits and when the page goes away, for the terminal's findings.
// `frames` (from the server's reading of the wasm's pclntab, null without one) gives each Go function's frame
// size at its resume points, by PC_F: the page walks Go's stack as the server's GoStackWalker does and sends
// the PCs, which the server names (function, file, line). `probe` (GoReleaseProbe's splices for the app's
// wasm, null when it never releases a func) is applied to the module the page instantiates, so releases
// are counted where Go makes them; the browser's streaming instantiation is routed through the bytes for it.
(function (layer, frames, probe) {
  "use strict";
  if (globalThis.__gowasmDiagnosis) return;
  const reportPath = "/_gowasm/report";
  const maxBody = 48 * 1024, maxQueued = 500, maxText = 4000;
  const page = location.pathname;

  // --- the report channel: batched, bounded, same-origin ---
  const queue = [];
  let timer = 0;
  const flush = (beacon) => {
    if (timer) clearTimeout(timer);
    timer = 0;
    const sent = [];
    while (queue.length) {
      const entries = [];
      let size = 64;
      while (queue.length && entries.length < 64 && size + queue[0].text.length + 32 < maxBody) {
        const entry = queue.shift();
        size += entry.text.length + 32;
        entries.push(entry);
      }
      if (!entries.length) entries.push(queue.shift());  // one over the limit alone: the server refuses it
      const body = JSON.stringify({ page, entries });
      try {
        if (beacon && navigator.sendBeacon) navigator.sendBeacon(reportPath, body);
        else sent.push(fetch(reportPath, { method: "POST", body, keepalive: body.length < 60000, headers: { "Content-Type": "text/plain" } }).catch(() => {}));
      } catch { }
    }
    return Promise.all(sent);
  };
  const post = (kind, text) => {
    if (queue.length >= maxQueued) return;
    text = String(text);
    queue.push({ kind, text: text.length > maxText ? text.slice(0, maxText) + "…" : text });
    if (!timer) timer = setTimeout(flush, 50);
  };

  // --- the console and uncaught errors ---
  const format = (value) => {
    if (typeof value === "string") return value;
    if (value instanceof Error) return value.stack || String(value);
    try { return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value); } catch { return String(value); }
  };
  for (const kind of ["log", "info", "warn", "error", "debug"]) {
    const original = console[kind];
    if (typeof original !== "function") continue;
    console[kind] = function (...args) {
      try { post(kind, args.map(format).join(" ")); } catch { }
      return original.apply(this, args);
    };
  }
  addEventListener("error", (event) => post("error", "Uncaught " + format(event.error || event.message)));
  addEventListener("unhandledrejection", (event) => post("error", "Uncaught (in promise) " + format(event.reason)));

  // --- the layer, with the page as its host ---
  // At an import, `sp` holds the return PC into the calling Go function; its frame size gives the caller's.
  const outermost = new Set(frames ? frames.outermost : []);
  const walk = (memory, sp) => {
    const view = new DataView(memory);
    const pcs = [];
    let slot = sp;
    while (pcs.length < 12 && slot >= 0 && slot + 8 <= view.byteLength) {
      const pc = view.getUint32(slot, true);
      if (pc === 0 || view.getUint32(slot + 4, true) !== 0) break;  // wasm PCs fit 32 bits
      const size = frames.sizes[(pc >>> 16) - frames.first];
      if (size === undefined || size < 0) break;
      pcs.push(pc);
      if (outermost.has(pc >>> 16)) break;
      slot += 8 + size;
    }
    return pcs.join(",");
  };
  const stack = frames ? (memory, sp) => (memory instanceof ArrayBuffer ? walk(memory, sp) : null) : () => "";
  // The module with the probe in, when `bytes` are the app's (the splices' original bytes match).
  const module = (source) => {
    if (!probe) return undefined;
    const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    if (bytes.length !== probe.size) return undefined;
    const parts = [];
    let at = 0;
    for (const [offset, original, insert] of probe.splices) {
      if (original.some((byte, i) => bytes[offset + i] !== byte)) return undefined;
      parts.push(bytes.subarray(at, offset), Uint8Array.from(insert));
      at = offset + original.length;
    }
    parts.push(bytes.subarray(at));
    const patched = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let length = 0;
    for (const part of parts) { patched.set(part, length); length += part.length; }
    return patched;
  };
  if (probe && globalThis.WebAssembly) {
    // A browser compiles a streamed response itself: take its bytes so WebAssembly.instantiate sees them.
    for (const [name, plain] of [["instantiateStreaming", "instantiate"], ["compileStreaming", "compile"]]) {
      if (typeof WebAssembly[name] !== "function") continue;
      const wrapped = { [name](source, ...rest) {
        return Promise.resolve(source).then((response) => response.arrayBuffer()).then((bytes) => WebAssembly[plain](bytes, ...rest));
      } }[name];
      Object.defineProperty(WebAssembly, name, { value: wrapped, writable: true, configurable: true });
    }
  }
  const collect = layer({ now: () => performance.now(), stack, module, options: {} });
  const instances = () => { try { return JSON.parse(collect()); } catch { return []; } };
  const sentExits = new Set();
  let reportedExits = 0;  // exits whose facts the server has taken (the panel says so, for tests)
  const sendFacts = (all, beacon) => {
    all.forEach((facts) => post("facts", JSON.stringify(facts)));
    if (all.length) flush(beacon);
  };

  // --- the panel ---
  const panelId = "__gowasm_diagnosis";
  let lastCrossings = 0, lastTime = performance.now();
  const mebibytes = (bytes) => (bytes / 1048576).toFixed(1) + " MiB";
  const tick = () => {
    const all = instances();
    const facts = all[all.length - 1];
    const time = performance.now();
    let live = 0, memory = 0, crossings = 0, longest = 0;
    if (facts) {
      for (const site of Object.values(facts.funcs)) live += site.created - site.released;
      memory = facts.memory.peak;
      crossings = facts.crossings;
      longest = facts.turns.longestMs;
    }
    const perSecond = Math.max(0, Math.round((crossings - lastCrossings) * 1000 / Math.max(1, time - lastTime)));
    lastCrossings = crossings;
    lastTime = time;
    all.forEach((facts, index) => {
      if (facts.exit && !sentExits.has(index)) {
        sentExits.add(index);
        post("facts", JSON.stringify(facts));
        flush().then(() => { reportedExits++; });
      }
    });
    if (!document.body) return;
    let panel = document.getElementById(panelId);
    if (!panel) {
      panel = document.createElement("div");
      panel.id = panelId;
      panel.setAttribute("aria-hidden", "true");
      panel.title = "gowasm-serve dev diagnosis (findings go to the terminal)";
      panel.style.cssText =
        "position:fixed;right:8px;bottom:8px;z-index:2147483646;padding:4px 8px;border-radius:4px;" +
        "background:rgba(24,24,27,.85);color:#fafafa;font:11px/1.4 ui-monospace,Menlo,Consolas,monospace;pointer-events:none";
      const counts = document.createElement("span");
      // The size view of the current build (dev serves it; the page opens it beside the app).
      const sizes = document.createElement("a");
      sizes.href = "/_gowasm/sizes";
      sizes.target = "_blank";
      sizes.textContent = "sizes";
      sizes.style.cssText = "color:#93c5fd;margin-left:8px;pointer-events:auto";
      panel.append(counts, sizes);
      document.body.append(panel);
    }
    const exited = facts && facts.exit ? ` · exited (${facts.exit.code})` : "";
    panel.dataset.funcsLive = String(live);
    panel.dataset.memoryBytes = String(memory);
    panel.dataset.crossingsPerSecond = String(perSecond);
    panel.dataset.crossings = String(crossings);
    panel.dataset.longestTurnMs = String(Math.round(longest));
    panel.dataset.reportedExits = String(reportedExits);
    panel.firstChild.textContent = `js.Funcs live ${live} · memory ${mebibytes(memory)} · ${perSecond} crossings/s · ` +
      `longest turn ${Math.round(longest)} ms${exited}`;
  };
  setInterval(tick, 1000);
  addEventListener("DOMContentLoaded", tick);
  addEventListener("pagehide", () => sendFacts(instances().filter((facts, index) => !sentExits.has(index)), true));
  globalThis.__gowasmDiagnosis = { collect, tick, flush };
})
