// Cross-document messaging within one page (DOMBindings.swift evaluates this after the node classes exist):
// `postMessage` on a window, MessageChannel and its ports, and BroadcastChannel. Every message is a
// structured clone delivered as a task of its own, as in a browser; a message to another origin is dropped.
// Returns nothing.
(function (native) {
  "use strict";
  const g = globalThis;
  const define = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  const domException = (message, name) => new g.DOMException(message, name);
  const requireArguments = (given, needed, what) => {
    if (given < needed) throw new TypeError(`Failed to ${what}: ${needed} argument${needed > 1 ? "s" : ""} required, but only ${given} present.`);
  };
  const task = (callback) => setTimeout(callback, 0);
  // A message's transfer list (the ArrayBuffers whose bytes move to the receiver); none when not given.
  const transferList = (list) => list === undefined || list === null ? [] : list;
  const message = (data, origin, source, ports = []) => new g.MessageEvent("message", { data, origin, source, ports });

  // --- window.postMessage(message, targetOrigin | { targetOrigin }, transfer) ---
  define(g, "postMessage", function postMessage(data, options = undefined, transfer = undefined) {
    requireArguments(arguments.length, 1, "execute 'postMessage' on 'Window'");
    let targetOrigin = "/";
    if (arguments.length >= 2 && (typeof options !== "object" || options === null)) targetOrigin = String(options);
    else if (options && options.targetOrigin !== undefined) targetOrigin = String(options.targetOrigin);
    const origin = g.location.origin;
    if (targetOrigin !== "*" && targetOrigin !== "/") {
      let parsed;
      try { parsed = new URL(targetOrigin); } catch {
        throw domException(`Failed to execute 'postMessage' on 'Window': Invalid target origin '${targetOrigin}' in a call to 'postMessage'.`, "SyntaxError");
      }
      targetOrigin = parsed.origin;
    }
    // Serialized (and transferred buffers detached) whether or not the origin matches, as the standard has it.
    const clone = structuredClone(data, { transfer: transferList(arguments.length >= 2 && typeof options === "object" && options !== null ? options.transfer : transfer) });
    if (targetOrigin !== "*" && targetOrigin !== "/" && targetOrigin !== origin) return;
    task(() => g.dispatchEvent(message(clone, origin, g)));
  });

  // --- MessageChannel and MessagePort: two entangled ports; a port delivers once started ---
  const ports = new WeakMap();
  const portState = (self) => {
    const s = ports.get(self);
    if (!s) throw new TypeError("Illegal invocation");
    return s;
  };
  const deliver = (port) => {
    const s = portState(port);
    if (!s.started || s.scheduled || s.queue.length === 0) return;
    s.scheduled = true;
    task(() => {
      s.scheduled = false;
      if (s.closed || s.queue.length === 0) return;
      port.dispatchEvent(message(s.queue.shift(), "", null));
      deliver(port);
    });
  };
  let constructing = false;
  class MessagePort extends EventTarget {
    constructor() {
      if (!constructing) throw new TypeError("Illegal constructor");
      super();
      ports.set(this, { other: null, queue: [], started: false, closed: false, scheduled: false, onmessage: null });
    }
    postMessage(data, transfer = undefined) {
      requireArguments(arguments.length, 1, "execute 'postMessage' on 'MessagePort'");
      const s = portState(this);
      const list = typeof transfer === "object" && transfer !== null && !(Symbol.iterator in transfer) ? transfer.transfer : transfer;
      const clone = structuredClone(data, { transfer: transferList(list) });
      if (s.closed || s.other === null) return;
      const target = portState(s.other);
      if (target.closed) return;
      target.queue.push(clone);
      deliver(s.other);
    }
    start() {
      portState(this).started = true;
      deliver(this);
    }
    close() {
      const s = portState(this);
      s.closed = true;
      if (s.other) portState(s.other).other = null;
      s.other = null;
    }
    get onmessage() { return portState(this).onmessage; }
    // Setting onmessage starts the port (HTML standard), as start() does.
    set onmessage(handler) {
      const s = portState(this);
      if (s.onmessage) this.removeEventListener("message", s.listener);
      s.onmessage = typeof handler === "function" ? handler : null;
      if (s.onmessage) {
        s.listener = (event) => s.onmessage.call(this, event);
        this.addEventListener("message", s.listener);
        this.start();
      }
    }
  }
  class MessageChannel {
    #port1; #port2;
    constructor() {
      constructing = true;
      try { this.#port1 = new MessagePort(); this.#port2 = new MessagePort(); } finally { constructing = false; }
      portState(this.#port1).other = this.#port2;
      portState(this.#port2).other = this.#port1;
    }
    get port1() { return this.#port1; }
    get port2() { return this.#port2; }
  }
  define(g, "MessagePort", MessagePort);
  define(g, "MessageChannel", MessageChannel);

  // --- BroadcastChannel: every other open channel of the same name in this page gets the message ---
  const channels = new Map();
  const channelState = new WeakMap();
  class BroadcastChannel extends EventTarget {
    constructor(name) {
      requireArguments(arguments.length, 1, "construct 'BroadcastChannel'");
      super();
      const channelName = String(name);
      channelState.set(this, { name: channelName, closed: false, onmessage: null });
      if (!channels.has(channelName)) channels.set(channelName, new Set());
      channels.get(channelName).add(this);
    }
    get name() { return channelState.get(this).name; }
    postMessage(data) {
      requireArguments(arguments.length, 1, "execute 'postMessage' on 'BroadcastChannel'");
      const s = channelState.get(this);
      if (s.closed) throw domException("Failed to execute 'postMessage' on 'BroadcastChannel': Channel is closed", "InvalidStateError");
      const clone = structuredClone(data);
      const origin = g.location.origin;
      for (const other of channels.get(s.name) ?? []) {
        if (other === this) continue;
        task(() => { if (!channelState.get(other).closed) other.dispatchEvent(message(structuredClone(clone), origin, null)); });
      }
    }
    close() {
      const s = channelState.get(this);
      s.closed = true;
      channels.get(s.name)?.delete(this);
    }
    get onmessage() { return channelState.get(this).onmessage; }
    set onmessage(handler) {
      const s = channelState.get(this);
      if (s.listener) this.removeEventListener("message", s.listener);
      s.onmessage = typeof handler === "function" ? handler : null;
      s.listener = s.onmessage ? (event) => s.onmessage.call(this, event) : null;
      if (s.listener) this.addEventListener("message", s.listener);
    }
  }
  define(g, "BroadcastChannel", BroadcastChannel);
})
