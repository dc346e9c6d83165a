// gowasm-serve diagnostics: evaluated before Go's wasm_exec.js, it traps `globalThis.Go = class …` and
// wraps the class, so every `new Go()` has its import object (`gojs`, or `go` before Go 1.21) and its
// callback wrappers observed. It only records facts; the host turns them into findings. Nothing here runs
// unless diagnosis was asked for. Returns `collect()`, which gives the facts as a JSON string.
//
// `host`: now() in ms; cpu() in ms of this thread's CPU time (optional: turns are then timed on it, so a
// loaded machine does not look like a frozen loop); stack(buffer, sp) -> a key naming the Go call stack at
// sp ("" when unknown); module(bytes) (optional: given the bytes of each wasm instantiated, it returns the
// bytes to instantiate instead: the program's module with the release probe in, see GoReleaseProbe);
// options: { frozenMs, copyRun, sampleEvery }.
(function (host) {
  "use strict";
  const now = host.now;
  const cpu = host.cpu || host.now;
  const options = Object.assign({ frozenMs: 200, copyRun: 1024, sampleEvery: 64 }, host.options || {});
  // Sampled call sites are taken on timed crossings (one in 16): keep the sampling a multiple of 16.
  options.sampleEvery = Math.max(16, Math.ceil(options.sampleEvery / 16) * 16);
  const instances = [];

  // --- the trap: the glue assigns the class to the global once ---
  // A host's own trap (the pre-renderer watches `Go` the same way) is kept: it gets the diagnosed class.
  let GoClass;
  const trapped = Object.getOwnPropertyDescriptor(globalThis, "Go");
  const diagnose = (value) => (typeof value === "function" ? diagnosed(value) : value);
  if (trapped && trapped.set && trapped.configurable) {
    Object.defineProperty(globalThis, "Go", {
      configurable: true, enumerable: trapped.enumerable,
      get: trapped.get,
      set(value) { trapped.set.call(globalThis, diagnose(value)); },
    });
  } else {
    Object.defineProperty(globalThis, "Go", {
      configurable: true, enumerable: false,
      get() { return GoClass; },
      set(value) { GoClass = diagnose(value); },
    });
  }

  // --- the wasm: the host reads Go's line table from the first module instantiated (a page's) and puts the
  // release probe in (in both engines, instantiateStreaming goes through WebAssembly.instantiate with the
  // bytes; page.js makes a browser's do the same) ---
  let probed = false;
  if (typeof host.module === "function" && globalThis.WebAssembly) {
    for (const name of ["instantiate", "compile"]) {
      const original = WebAssembly[name];
      if (typeof original !== "function") continue;
      const wrapped = { [name](source, ...rest) {
        if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
          try {
            const patched = host.module(source);
            if (patched) { source = patched; probed = true; }
          } catch { }
        }
        return original.call(WebAssembly, source, ...rest);
      } }[name];
      Object.defineProperty(WebAssembly, name, { value: wrapped, writable: true, configurable: true });
    }
  }

  // --- `call to released function`: Go's handleEvent says so on console.error, inside the dispatch ---
  let dispatching = null;  // the func record whose wrapper is running now
  const wrapConsole = () => {
    const console = globalThis.console;
    if (!console || console.__gowasmDiagnosed) return;
    const error = console.error;
    console.error = function (...args) {
      if (dispatching && args[0] === "call to released function") dispatching.stats.calledAfterRelease++;
      return error.apply(this, args);
    };
    Object.defineProperty(console, "__gowasmDiagnosed", { value: true });
  };

  const diagnosed = (Base) => class Go extends Base {
    constructor(...args) {
      super(...args);
      instrument(this, Base);
    }
  };

  const instrument = (go, Base) => {
    wrapConsole();
    const moduleName = go.importObject.gojs ? "gojs" : "go";
    const module = go.importObject[moduleName];
    const facts = {
      goModule: moduleName, releasesSeen: false, sampleEvery: options.sampleEvery, frozenMs: options.frozenMs, copyRun: options.copyRun,
      crossings: 0, imports: {}, sites: {}, funcs: {}, memory: { initial: 0, peak: 0, growths: [] },
      copies: {}, turns: { count: 0, longestMs: 0, longestSite: "", longestLastImport: "", frozen: 0 },
      exit: null,
    };
    instances.push(facts);
    const buffer = () => go._inst.exports.mem.buffer;
    // The host reads the stack from the memory itself, else from a view of it, else from a copy of the
    // stack's region (whichever the engine allows; the first that works is kept).
    const readers = [
      (memory, sp) => host.stack(memory, sp, 0),
      (memory, sp) => host.stack(new Uint8Array(memory), sp, 0),
      (memory, sp) => host.stack(new Uint8Array(memory, sp, Math.min(65536, memory.byteLength - sp)).slice(), sp, sp),
    ];
    let reader = 0;
    const stackAt = (sp) => {
      try {
        const memory = buffer();
        while (reader < readers.length) {
          const key = readers[reader](memory, sp);
          if (key !== null) return key;
          reader++;
        }
      } catch { }
      return "";
    };

    // Time is counted per crossing, exclusive of the crossings and callbacks nested in it.
    let nested = 0;
    let sp = 0;  // of the crossing running now
    let lastImport = "";
    // A turn: Go running from the event loop until it returns to it.
    let goDepth = 0, turnStart = 0, turnCpu = 0, nextCheck = 0, turnSite = "";
    // A run of valueIndex/valueSetIndex on one value.
    let run = { name: "", id: -1, length: 0, site: "" };

    const endRun = () => {
      if (run.length >= options.copyRun && run.site) {
        const key = run.name + " " + run.site;
        const copy = facts.copies[key] || (facts.copies[key] = { import: run.name, site: run.site, kind: run.kind, runs: 0, elements: 0, longest: 0 });
        copy.runs++;
        copy.elements += run.length;
        copy.longest = Math.max(copy.longest, run.length);
      }
      run = { name: "", id: -1, length: 0, site: "" };
    };
    const element = (name, at) => {
      const id = go.mem.getUint32(at + 8, true);
      if (id !== run.id || name !== run.name) {
        endRun();
        run.name = name;
        run.id = id;
      }
      if (++run.length === options.copyRun) {
        const value = go._values[id];
        if (ArrayBuffer.isView(value)) {
          run.kind = value.constructor.name;
          run.site = stackAt(at);
        }
      }
    };

    const before = {
      "syscall/js.valueIndex": (at) => element("syscall/js.valueIndex", at),
      "syscall/js.valueSetIndex": (at) => element("syscall/js.valueSetIndex", at),
    };
    const after = {
      "runtime.resetMemoryDataView": (at) => {
        const size = buffer().byteLength;
        const grown = size - facts.memory.peak;
        if (grown > 0) {
          facts.memory.growths.push({ bytes: grown, total: size, site: stackAt(at) });
          facts.memory.peak = size;
        }
      },
    };
    const timeEvery = 16, timeMask = timeEvery - 1;

    for (const name of Object.keys(module)) {
      const inner = module[name];
      if (typeof inner !== "function") continue;
      const stat = facts.imports[name] = { count: 0, ms: 0 };
      const first = before[name], then = after[name];
      const wrapper = function (at) {
        stat.count++;
        const outerSp = sp;
        sp = at >>> 0;
        if (first) first(sp);
        else if (run.length) endRun();
        // Most crossings are only counted: one in `timeEvery` is timed (and scaled), which keeps the
        // cost of diagnosis low next to a JIT's fast crossings.
        if ((++facts.crossings & timeMask) !== 0) {
          // The glue's imports are arrow functions: no `this` to pass. An exception out of one ends the
          // instance, so nothing needs restoring on that path.
          const result = inner(at);
          if (then && go._inst) then(sp);
          lastImport = name;
          sp = outerSp;
          return result;
        }
        let start = now();
        // Reading a stack costs far more than a crossing: it is kept out of the crossing's time.
        if (goDepth > 0 && !turnSite && start - turnStart > options.frozenMs && start >= nextCheck) {
          nextCheck = start + 5;
          if (cpu() - turnCpu > options.frozenMs) turnSite = stackAt(sp) || "?";
          start = now();
        }
        if (facts.crossings % options.sampleEvery === 0) {
          const key = name + " " + stackAt(sp);
          facts.sites[key] = (facts.sites[key] || 0) + 1;
          start = now();
        }
        const outerNested = nested;
        nested = 0;
        try {
          return inner.call(this, at);
        } finally {
          if (then && go._inst) then(sp);
          lastImport = name;
          sp = outerSp;
          const elapsed = now() - start;
          stat.ms += (elapsed - nested) * timeEvery;
          nested = outerNested + elapsed;
        }
      };
      module[name] = wrapper;
    }

    // Exit: what was still pending, and whether a callback's panic did it (exit code 2 inside a dispatch).
    const exitImport = module["runtime.wasmExit"];
    module["runtime.wasmExit"] = function (at) {
      const code = go.mem.getInt32((at >>> 0) + 8, true);
      let live = 0;
      const liveSites = {};
      for (const record of liveFuncs) {
        live++;
        liveSites[record.site] = (liveSites[record.site] || 0) + 1;
      }
      facts.exit = {
        code, inCallback: dispatching ? dispatching.site : null, liveFuncs: live, liveSites,
        pendingTimeouts: go._scheduledTimeouts ? go._scheduledTimeouts.size : 0,
        site: stackAt(at),
      };
      return exitImport.call(this, at);
    };

    // js.Func: creation site per wrapper; finalized when Go drops its last reference (finalizeRef).
    const liveFuncs = new Set();
    const recordOf = new WeakMap();
    const finalize = module["syscall/js.finalizeRef"];
    module["syscall/js.finalizeRef"] = function (at) {
      const id = go.mem.getUint32((at >>> 0) + 8, true);
      const value = go._values[id];
      const result = finalize.call(this, at);
      const record = typeof value === "function" && recordOf.get(value);
      // Finalized is not released: Go's funcs map still holds the callback, and JS may still call it.
      if (record && go._values[id] !== value) record.stats.finalized++;
      return result;
    };

    // Release (GoReleaseProbe): the probe calls this import with SP | 1 at the entry of js.Func.Release;
    // Go's own calls pass an 8-aligned SP. The receiver's first word is the wrapper's ref (its id in
    // _values in the low word, the function type flag in the high one).
    const probeImport = "runtime.resetMemoryDataView";
    const marked = module[probeImport];
    // (The glue makes the instance before it instantiates the module: whether the probe is in is known
    // only later, and `collect` reports it.)
    if (typeof marked === "function") {
      module[probeImport] = function (at) {
        if ((at & 1) === 0) return marked.call(this, at);
        const receiver = (at >>> 0) - 1 + 8;
        if (go.mem.getUint32(receiver + 4, true) !== 0x7FF80004) return;
        const record = recordOf.get(go._values[go.mem.getUint32(receiver, true)]);
        if (record && !record.released) {
          record.released = true;
          record.stats.released++;
          liveFuncs.delete(record);
        }
      };
    }
    const makeFuncWrapper = go._makeFuncWrapper;
    go._makeFuncWrapper = function (id) {
      const site = stackAt(sp);
      const stats = facts.funcs[site] || (facts.funcs[site] = { created: 0, released: 0, finalized: 0, calledAfterRelease: 0, calls: 0 });
      stats.created++;
      const record = { id, site, stats, released: false };
      const inner = makeFuncWrapper.call(this, id);
      const wrapper = function (...args) {
        stats.calls++;
        const outer = dispatching;
        dispatching = record;
        const start = now();
        try {
          return inner.apply(this, args);
        } finally {
          dispatching = outer;
          nested += now() - start;
        }
      };
      recordOf.set(wrapper, record);
      liveFuncs.add(record);
      return wrapper;
    };

    // Turns: every entry into Go from the event loop (run, resume) until it returns.
    const enter = () => {
      if (goDepth++ === 0) {
        turnStart = nextCheck = now();
        turnCpu = cpu();
        turnSite = "";
      }
    };
    const leave = () => {
      if (--goDepth !== 0) return;
      const ms = cpu() - turnCpu;
      facts.turns.count++;
      if (ms > options.frozenMs) facts.turns.frozen++;
      if (ms > facts.turns.longestMs) {
        facts.turns.longestMs = ms;
        facts.turns.longestSite = turnSite;
        facts.turns.longestLastImport = lastImport;
      }
    };
    // The instance's own methods as its class chain defines them (a host may subclass the diagnosed class
    // to watch `run` too, as the pre-renderer does).
    const resume = go._resume;
    go._resume = function () {
      enter();
      try { return resume.call(this); } finally { leave(); }
    };
    const start = go.run;
    go.run = function (instance) {
      facts.memory.initial = facts.memory.peak = instance.exports.mem.buffer.byteLength;
      enter();
      try { return start.call(this, instance); } finally { leave(); }
    };
  };

  return () => {
    for (const facts of instances) facts.releasesSeen = probed;
    return JSON.stringify(instances);
  };
})
