// The worker side of the page's facts: what its global is, messages both ways, timers, importScripts, fetch.
const kind = (v) => Object.prototype.toString.call(v).slice(8, -1);
const describe = (v) => {
  if (v instanceof Map) return "Map(" + [...v].map(([k, x]) => k + "=" + x).join(",") + ")";
  if (v instanceof Set) return "Set(" + [...v].join(",") + ")";
  if (ArrayBuffer.isView(v)) return kind(v) + "[" + Array.from(v).join(",") + "]";
  if (v instanceof Date) return "Date " + v.toISOString();
  if (Array.isArray(v)) return "[" + v.map(describe).join(",") + "]";
  if (v && typeof v === "object") return "{" + Object.keys(v).map((k) => k + ":" + describe(v[k])).join(",") + "}";
  return typeof v + " " + String(v);
};
const received = [];
onmessage = (event) => {
  const data = event.data;
  if (data === "order?") {
    postMessage({ order: received.splice(0).join(",") });
    return;
  }
  if (typeof data === "string" && data.startsWith("seq")) { received.push(data); return; }
  postMessage({ echo: data, seen: describe(data), local: data instanceof Object, event: [event.constructor.name, event.origin, event.source, event.ports.length].join(" ") });
};
const global = [
  typeof document, typeof window, self === globalThis, Object.prototype.toString.call(self), self instanceof EventTarget,
  typeof WorkerGlobalScope, typeof DedicatedWorkerGlobalScope, self instanceof DedicatedWorkerGlobalScope, name,
  location.pathname, String(location) === location.href, typeof importScripts, typeof close, typeof fetch,
  typeof WebAssembly.instantiateStreaming, typeof TextEncoder, typeof URL, typeof crypto.getRandomValues,
  typeof structuredClone, typeof queueMicrotask, typeof ReadableStream, typeof navigator.userAgent,
  typeof localStorage, typeof requestAnimationFrame, performance.now() >= 0,
].join(" ");
importScripts("helper.js");
let missing;
try { importScripts("no-such-helper.js"); missing = "no error"; } catch (error) { missing = error.name; }
const order = [];
setTimeout(() => order.push("timeout"), 0);
Promise.resolve().then(() => order.push("microtask"));
queueMicrotask(() => order.push("queueMicrotask"));
order.push("script");
postMessage({ global, href: location.href, imported: [helperValue, helperTwice(21), missing].join(" "), timeOrigin: performance.timeOrigin });
setTimeout(() => {
  postMessage({ order: order.join(",") });
  fetch("data.json").then((r) => r.json()).then((json) => postMessage({ fetched: json.name + " " + json.items.length }),
    (error) => postMessage({ fetched: "failed " + error }));
}, 10);
