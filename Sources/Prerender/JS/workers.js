// Dedicated workers, the page's side (HTML §10.2): `new Worker(url, {type, name})`. The script URL resolves
// against the document's base; a same-origin classic script (or this window's blob: URL) is read from the
// dist in a task and runs in a
// global of its own (worker.js, made by Prerender/PageWorkers.swift) on the page's loop and clock. Messages
// both ways are structured clones delivered as tasks; terminate() drops what is pending and stops the
// worker's timers. A script that does not load, another origin's, or a module worker fires `error` (a plain
// Event) at the Worker and never reaches the network. Evaluated in the page's window after dom.js; returns
// nothing.
(function (native) {
  "use strict";
  const g = globalThis;
  const transferList = native.postMessageTransfer;  // web.js
  const define = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  const workers = new WeakMap();
  const slots = (self) => {
    const s = workers.get(self);
    if (!s) throw new TypeError("Illegal invocation");
    return s;
  };
  // Event handler IDL attributes, one listener each (returning false cancels, as for any handler).
  const defineHandlers = (proto, names) => {
    for (const name of names) {
      Object.defineProperty(proto, `on${name}`, {
        get() { return slots(this).handlers[name]?.handler ?? null; },
        set(handler) {
          const s = slots(this);
          if (s.handlers[name]) this.removeEventListener(name, s.handlers[name].listener);
          delete s.handlers[name];
          if (typeof handler !== "function" && (typeof handler !== "object" || handler === null)) return;
          const listener = (event) => {
            const result = typeof handler === "function" ? handler.call(this, event) : undefined;
            if (result === false) event.preventDefault();
          };
          s.handlers[name] = { handler, listener };
          this.addEventListener(name, listener);
        },
        enumerable: true, configurable: true,
      });
    }
  };
  const task = (callback) => native.task(callback);
  // What a worker's navigator (WorkerNavigator) shows: the page's values.
  const navigatorFacts = () => {
    const facts = {};
    for (const key of ["userAgent", "appCodeName", "appName", "appVersion", "platform", "product", "language", "languages", "onLine", "hardwareConcurrency"]) {
      if (key in navigator) facts[key] = navigator[key];
    }
    return facts;
  };

  class Worker extends EventTarget {
    constructor(scriptURL, options = undefined) {
      if (arguments.length < 1) throw new TypeError("Failed to construct 'Worker': 1 argument required, but only 0 present.");
      super();
      const opts = options ?? {};
      const type = opts.type === undefined ? "classic" : String(opts.type);
      if (type !== "classic" && type !== "module") {
        throw new TypeError(`Failed to construct 'Worker': The provided value '${type}' is not a valid enum value of type WorkerType.`);
      }
      let url;
      try { url = new URL(String(scriptURL), document.baseURI); } catch {
        throw new g.DOMException(`Failed to construct 'Worker': The URL '${scriptURL}' is invalid.`, "SyntaxError");
      }
      const s = { handlers: {}, inbox: [], side: null, terminated: false };
      workers.set(this, s);
      const worker = this;
      // The page's end of the worker: what the worker's postMessage and error reporting call (in tasks).
      const page = {
        deliver(clone) {
          if (s.terminated) return;
          let data;
          try { data = structuredClone(clone); } catch {
            native.dispatch(worker, new MessageEvent("messageerror", { data: null }));
            return;
          }
          native.dispatch(worker, new MessageEvent("message", { data }));
        },
        error(info) {
          if (s.terminated) return;
          const event = new ErrorEvent("error", { ...info, error: null, cancelable: true });
          if (native.dispatch(worker, event)) console.error(`${info.message} (${info.filename}:${info.lineno})`);
        },
      };
      const name = opts.name === undefined ? "" : String(opts.name);
      const href = url.href;
      task(() => {
        if (s.terminated) return;
        const failed = () => native.dispatch(worker, new Event("error"));
        // Module workers need module scripts, which the pre-renderer does not run.
        if (type === "module") { failed(); return; }
        let source;
        if (url.protocol === "blob:") {
          // This window's own blob: URLs only (the store is the window's, so they are same-origin).
          const entry = native.blobURL(href);
          source = entry === undefined ? undefined : new TextDecoder().decode(entry.bytes);
        } else if (url.origin === location.origin) {
          source = native.loadWorkerScript(href);
        }
        if (typeof source !== "string") { failed(); return; }
        const side = native.startWorker(page, href, name, navigatorFacts());
        if (!side) { failed(); return; }
        s.side = side;
        side.run(source);
        for (const clone of s.inbox.splice(0)) task(() => side.deliver(clone));
      });
    }
    postMessage(message, transfer = undefined) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'postMessage' on 'Worker': 1 argument required, but only 0 present.");
      const s = slots(this);
      const clone = structuredClone(message, { transfer: transferList(transfer) });
      if (s.terminated) return;
      if (s.side) { const side = s.side; task(() => { if (!s.terminated) side.deliver(clone); }); } else s.inbox.push(clone);
    }
    terminate() {
      const s = slots(this);
      if (s.terminated) return;
      s.terminated = true;
      s.inbox.length = 0;
      s.side?.terminate();
    }
  }
  defineHandlers(Worker.prototype, ["message", "messageerror", "error"]);
  Object.defineProperty(Worker.prototype, Symbol.toStringTag, { value: "Worker", configurable: true });
  for (const name of ["postMessage", "terminate"]) {
    Object.defineProperty(Worker.prototype, name, { enumerable: true });
  }
  define(g, "Worker", Worker);
})
