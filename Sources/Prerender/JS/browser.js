// A browser's network and what pre-rendering watches of a Go program (Prerender/PageRuntime.swift is the
// Swift half): fetch, Headers, Request, Response, AbortController/AbortSignal; and, around whatever `Go`
// class the page's own wasm_exec.js defines, the program's exit code and faults. Nothing here recognises
// the page: any glue assigning `globalThis.Go` is watched. Evaluated once per page; returns nothing.
(function (native) {
  "use strict";
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  // --- Headers ---
  class Headers {
    #fields = [];
    constructor(init) {
      if (init == null) return;
      const pairs = init instanceof Headers ? [...init.entries()]
        : Array.isArray(init) || typeof init[Symbol.iterator] === "function" ? Array.from(init)
        : Object.entries(init);
      for (const [name, value] of pairs) this.append(name, value);
    }
    append(name, value) { this.#fields.push([String(name).toLowerCase(), String(value)]); }
    set(name, value) { this.delete(name); this.append(name, value); }
    delete(name) { name = String(name).toLowerCase(); this.#fields = this.#fields.filter(([n]) => n !== name); }
    get(name) {
      name = String(name).toLowerCase();
      const values = this.#fields.filter(([n]) => n === name).map(([, v]) => v);
      return values.length ? values.join(", ") : null;
    }
    has(name) { return this.get(name) !== null; }
    // Combined values per name, sorted by name, as browsers iterate them.
    *entries() { for (const name of [...new Set(this.#fields.map(([n]) => n))].sort()) yield [name, this.get(name)]; }
    *keys() { for (const [name] of this.entries()) yield name; }
    *values() { for (const [, value] of this.entries()) yield value; }
    forEach(callback, thisArg) { for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this); }
    [Symbol.iterator]() { return this.entries(); }
  }
  define("Headers", Headers);

  // --- AbortController / AbortSignal ---
  class AbortSignal extends EventTarget {
    aborted = false;
    reason = undefined;
    onabort = null;
    throwIfAborted() { if (this.aborted) throw this.reason; }
  }
  class AbortController {
    #signal = new AbortSignal();
    get signal() { return this.#signal; }
    abort(reason) {
      const signal = this.#signal;
      if (signal.aborted) return;
      signal.aborted = true;
      signal.reason = reason ?? Object.assign(new Error("signal is aborted without reason"), { name: "AbortError" });
      signal.dispatchEvent(new Event("abort"));
    }
  }
  define("AbortSignal", AbortSignal);
  define("AbortController", AbortController);

  // --- Request / Response ---
  class Request {
    constructor(input, init = {}) {
      this.url = input instanceof Request ? input.url : new URL(String(input), document.baseURI).href;
      this.method = String(init.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      this.headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
      this.signal = init.signal ?? null;
    }
  }
  define("Request", Request);

  const bodyUsed = () => new TypeError("Failed to execute on 'Response': body stream already read");
  class Response {
    #bytes; #used = false;
    constructor(body = null, init = {}) {
      this.#bytes = body == null ? new Uint8Array(0)
        : typeof body === "string" ? new TextEncoder().encode(body)
        : body instanceof ArrayBuffer ? new Uint8Array(body.slice(0))
        : ArrayBuffer.isView(body) ? new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength))
        : new TextEncoder().encode(String(body));
      this.status = init.status ?? 200;
      this.statusText = init.statusText ?? "";
      this.headers = new Headers(init.headers);
      this.url = init.url ?? "";
      this.redirected = Boolean(init.redirected);
      this.type = init.type ?? "default";
    }
    get ok() { return this.status >= 200 && this.status < 300; }
    get bodyUsed() { return this.#used; }
    #consume() {
      if (this.#used) return Promise.reject(bodyUsed());
      this.#used = true;
      return Promise.resolve(this.#bytes);
    }
    arrayBuffer() { return this.#consume().then((bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)); }
    text() { return this.#consume().then((bytes) => new TextDecoder().decode(bytes)); }
    json() { return this.text().then(JSON.parse); }
    clone() {
      if (this.#used) throw bodyUsed();
      return new Response(this.#bytes, this);
    }
    // A stream whose reader yields the whole body as one chunk, then `done` (what Go's net/http reads).
    get body() {
      const response = this;
      let chunk = null, started = false;
      return {
        getReader() {
          return {
            read() {
              if (!started) {
                started = true;
                return response.#consume().then((bytes) => (chunk = null, bytes.length ? { value: bytes, done: false } : { value: undefined, done: true }));
              }
              return Promise.resolve(chunk ? { value: chunk, done: false } : { value: undefined, done: true });
            },
            cancel() { started = true; chunk = null; return Promise.resolve(); },
            releaseLock() {},
          };
        },
      };
    }
  }
  define("Response", Response);

  // --- fetch: same-origin from the dist, other origins a network error; the reply comes in its own task ---
  define("fetch", function fetch(input, init = {}) {
    return new Promise((resolve, reject) => {
      let request;
      try {
        request = new Request(input, init);
      } catch (error) {
        reject(new TypeError(`Failed to execute 'fetch' on 'Window': Failed to parse URL from ${input}`));
        return;
      }
      const reply = native.fetch(request.url, request.method);
      native.task(() => {
        if (request.signal && request.signal.aborted) {
          reject(request.signal.reason);
        } else if (typeof reply === "string") {
          reject(new TypeError(reply));
        } else {
          resolve(new Response(reply.body, { status: reply.status, statusText: reply.statusText, headers: reply.headers, url: reply.url, redirected: reply.redirected, type: "basic" }));
        }
      });
    });
  });

  // --- an Error a loader caught and logged is what a failed page reports (PageException) ---
  const consoleError = console.error;
  Object.defineProperty(console, "error", {
    configurable: true, enumerable: true, writable: true,
    value: { error(...args) {
      const error = args.find((value) => value instanceof Error);
      if (error) native.reported(error);
      return consoleError.apply(this, args);
    } }.error,
  });

  // --- the Go program, whichever glue defines it: its exit code and the faults that end it ---
  // Only wasm's own faults end a render (a trap, a budget); other exceptions are the page's to handle.
  const faulted = (error) => { if (error instanceof WebAssembly.RuntimeError) native.faulted(String(error.message)); };
  const watch = (Go) => {
    if (typeof Go !== "function" || Go.gowasmWatched) return Go;
    const Watched = class extends Go {
      constructor(...args) {
        super(...args);
        let exit = this.exit;
        Object.defineProperty(this, "exit", {
          configurable: true, enumerable: true,
          get: () => (code) => { native.exited(code); return exit.call(this, code); },
          set: (value) => { exit = value; },
        });
        const resume = this._resume;
        if (typeof resume === "function") {
          this._resume = (...a) => {
            try { return resume.apply(this, a); } catch (error) { faulted(error); throw error; }
          };
        }
      }
      run(instance) {
        native.started();
        let started;
        try { started = super.run(instance); } catch (error) { faulted(error); throw error; }
        return Promise.resolve(started).catch((error) => { faulted(error); throw error; });
      }
    };
    Object.defineProperty(Watched, "name", { value: Go.name });
    Object.defineProperty(Watched, "gowasmWatched", { value: true });
    return Watched;
  };
  let current;
  Object.defineProperty(globalThis, "Go", {
    configurable: true, enumerable: true,
    get: () => current,
    set: (value) => { current = watch(value); },
  });
})
