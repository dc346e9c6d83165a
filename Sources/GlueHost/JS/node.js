// The node surface `wasm_exec_node.js` and Go's syscall/os packages use: process, require (fs, path, util,
// crypto, os, performance, and CommonJS files such as "./wasm_exec"), fs's callback API on the real file
// system. `native` is the Swift half (GlueHost/NodeSurface.swift). Returns `process`.
(function (native) {
  "use strict";
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  native.nodeTimers = true;

  // --- process ---
  const listeners = new Map();
  let exiting = false;
  const process = {
    title: "node", version: "v20.19.0", versions: { node: "20.19.0" }, platform: "linux", arch: "x64",
    argv: native.argv, argv0: native.argv0, execArgv: [], execPath: "/usr/bin/node",
    env: native.env, pid: native.pid, ppid: native.ppid, exitCode: undefined,
    cwd: native.cwd, chdir: native.chdir, umask: native.umask,
    getuid: native.getuid, getgid: native.getgid, geteuid: native.geteuid, getegid: native.getegid,
    getgroups: native.getgroups,
    hrtime: Object.assign((previous) => {
      const ns = BigInt(Math.round(native.now() * 1e6));
      let s = Number(ns / 1000000000n), n = Number(ns % 1000000000n);
      if (previous) { s -= previous[0]; n -= previous[1]; if (n < 0) { s--; n += 1e9; } }
      return [s, n];
    }, { bigint: () => BigInt(Math.round(native.now() * 1e6)) }),
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
    nextTick: (callback, ...args) => { queueMicrotask(() => callback(...args)); },
    on(event, listener) { if (!listeners.has(event)) listeners.set(event, []); listeners.get(event).push(listener); return process; },
    once(event, listener) { const w = (...a) => { process.off(event, w); listener(...a); }; return process.on(event, w); },
    off(event, listener) { const l = listeners.get(event); if (l) { const i = l.indexOf(listener); if (i >= 0) l.splice(i, 1); } return process; },
    emit(event, ...args) { const l = listeners.get(event); if (!l || l.length === 0) return false; for (const f of [...l]) f.apply(process, args); return true; },
    listenerCount(event) { return (listeners.get(event) || []).length; },
    // As node: set the code, emit "exit" once, then leave with process.exitCode.
    exit(code) {
      if (code !== undefined) process.exitCode = code;
      if (!exiting) {
        exiting = true;
        process.emit("exit", process.exitCode | 0);
      }
      native.exit(process.exitCode | 0);
    },
    stdout: { fd: 1, write: (s) => { native.write(1, s); return true; }, isTTY: false },
    stderr: { fd: 2, write: (s) => { native.write(2, s); return true; }, isTTY: false },
  };
  process.addListener = process.on;
  process.removeListener = process.off;
  native.processEnded = () => process.exit();
  native.emitUncaught = (error) => {
    if (process.emit("uncaughtException", error, "uncaughtException")) return;
    native.write(2, "Uncaught " + native.format(error) + "\n");
    process.exit(1);
  };
  define("process", process);

  // --- fs: each call runs now; its callback comes as a later task, as node's I/O completions do ---
  const later = (callback, work) => {
    if (typeof callback !== "function") throw new TypeError("The \"cb\" argument must be of type function. Received " + typeof callback);
    let error = null, result;
    try { result = work(); } catch (e) { error = e; }
    native.setImmediate(error ? () => callback(error) : () => callback(null, result));
  };
  const stats = (raw) => {
    const s = Object.assign({}, raw.numbers);
    s.atimeMs = raw.atimeMs; s.mtimeMs = raw.mtimeMs; s.ctimeMs = raw.ctimeMs; s.birthtimeMs = raw.ctimeMs;
    s.atime = new Date(raw.atimeMs); s.mtime = new Date(raw.mtimeMs); s.ctime = new Date(raw.ctimeMs); s.birthtime = new Date(raw.ctimeMs);
    const type = raw.type;
    s.isDirectory = () => type === "directory";
    s.isFile = () => type === "file";
    s.isSymbolicLink = () => type === "symlink";
    return s;
  };
  // node takes only an ArrayBuffer view here (or a string where it says so) and throws ERR_INVALID_ARG_TYPE,
  // at once. Anything else went to new Uint8Array(…): writeFileSync(path, 2 ** 32) allocated 4 GB and wrote
  // 2 GB (found by the JavaScript-surface fuzzer).
  const toBytes = (buffer, name = "buffer") => {
    if (buffer instanceof Uint8Array) return buffer;
    if (!ArrayBuffer.isView(buffer)) {
      throw Object.assign(new TypeError(`The "${name}" argument must be of type string or an instance of Buffer, TypedArray, or DataView.`),
        { code: "ERR_INVALID_ARG_TYPE" });
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  };
  const io = (op) => (fd, buffer, offset, length, position, callback) => {
    if (typeof offset === "function") { callback = offset; offset = 0; length = undefined; position = null; }
    const bytes = toBytes(buffer);
    later(callback, () => op(fd, bytes, offset ?? 0, length ?? bytes.byteLength - (offset ?? 0), typeof position === "number" ? position : null));
  };
  const fs = {
    constants: native.fs.constants,
    writeSync: (fd, data, ...rest) => native.fs.writeSync(fd, typeof data === "string" ? data : toBytes(data)),
    readFileSync: (path, options) => {
      const bytes = native.fs.readFile(String(path));
      const encoding = typeof options === "string" ? options : options && options.encoding;
      return encoding ? new TextDecoder().decode(bytes) : bytes;
    },
    writeFileSync: (path, data) => native.fs.writeFile(String(path), typeof data === "string" ? new TextEncoder().encode(data) : toBytes(data, "data")),
    existsSync: (path) => { try { native.fs.stat(String(path), true); return true; } catch { return false; } },
    statSync: (path) => stats(native.fs.stat(String(path), true)),
    open: (path, flags, mode, callback) => {
      if (typeof mode === "function") { callback = mode; mode = null; }
      later(callback, () => native.fs.open(String(path), flags, mode));
    },
    close: (fd, callback) => later(callback, () => native.fs.close(fd)),
    read: io(native.fs.read),
    write: io(native.fs.write),
    stat: (path, callback) => later(callback, () => stats(native.fs.stat(String(path), true))),
    lstat: (path, callback) => later(callback, () => stats(native.fs.stat(String(path), false))),
    fstat: (fd, callback) => later(callback, () => stats(native.fs.fstat(fd))),
    readdir: (path, callback) => later(callback, () => native.fs.readdir(String(path))),
    readlink: (path, callback) => later(callback, () => native.fs.readlink(String(path))),
  };
  for (const [name, arity] of [["mkdir", 2], ["rmdir", 1], ["unlink", 1], ["rename", 2], ["link", 2], ["symlink", 2],
    ["chmod", 2], ["chown", 3], ["lchown", 3], ["truncate", 2], ["utimes", 3], ["fchmod", 2], ["fchown", 3],
    ["ftruncate", 2], ["fsync", 1]]) {
    fs[name] = (...args) => {
      const callback = args.length > arity ? args[arity] : args.pop();
      later(callback, () => native.fs.call(name, ...args.slice(0, arity)));
    };
  }

  // --- path (POSIX) ---
  const normalizeSegments = (path, absolute) => {
    const out = [];
    for (const part of path.split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") { if (out.length && out[out.length - 1] !== "..") out.pop(); else if (!absolute) out.push(".."); }
      else out.push(part);
    }
    return out.join("/");
  };
  const path = {
    sep: "/", delimiter: ":",
    isAbsolute: (p) => String(p).startsWith("/"),
    normalize(p) {
      p = String(p);
      if (p === "") return ".";
      const absolute = p.startsWith("/"), trailing = p.endsWith("/");
      let out = normalizeSegments(p, absolute);
      if (out === "" && !absolute) out = ".";
      if (out !== "" && trailing) out += "/";
      return (absolute ? "/" : "") + out;
    },
    join: (...parts) => { const joined = parts.filter(p => String(p) !== "").join("/"); return joined === "" ? "." : path.normalize(joined); },
    resolve(...parts) {
      let resolved = "";
      for (let i = parts.length - 1; i >= -1 && !resolved.startsWith("/"); i--) {
        const p = i >= 0 ? String(parts[i]) : native.cwd();
        if (p !== "") resolved = resolved === "" ? p : p + "/" + resolved;
      }
      const out = "/" + normalizeSegments(resolved, true);
      return out;
    },
    dirname(p) {
      p = String(p);
      if (p === "") return ".";
      const trimmed = p.replace(/\/+$/, "");
      if (trimmed === "") return "/";
      const i = trimmed.lastIndexOf("/");
      if (i < 0) return ".";
      return i === 0 ? "/" : trimmed.slice(0, i).replace(/\/+$/, "") || "/";
    },
    basename(p, ext) {
      const base = String(p).replace(/\/+$/, "").split("/").pop();
      return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
    },
    extname(p) {
      const base = path.basename(p);
      const i = base.lastIndexOf(".");
      return i <= 0 ? "" : base.slice(i);
    },
    relative(from, to) {
      const a = path.resolve(from).split("/").filter(Boolean), b = path.resolve(to).split("/").filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return [...Array(a.length - i).fill(".."), ...b.slice(i)].join("/");
    },
  };
  path.posix = path;

  // --- require ---
  const os = { tmpdir: native.tmpdir, EOL: "\n", platform: () => "linux", homedir: () => native.env.HOME || "/" };
  const util = { TextEncoder, TextDecoder, format: native.format, inspect: (v) => native.format("%O", v) };
  const crypto = {
    randomFillSync: (b) => { native.randomFill(b); return b; },
    getRandomValues: (b) => globalThis.crypto.getRandomValues(b),
    randomUUID: () => globalThis.crypto.randomUUID(),
    webcrypto: globalThis.crypto,
  };
  const builtins = { fs, path, os, util, crypto, performance: globalThis.performance, process };
  const cache = new Map();
  // `glue` (the wasm_exec.js found for this wasm) answers "./wasm_exec" from the entry script.
  const makeRequire = (directory, glue) => (name) => {
    const bare = String(name).replace(/^node:/, "");
    if (glue && (bare === "./wasm_exec" || bare === "./wasm_exec.js")) return load(glue);
    if (Object.prototype.hasOwnProperty.call(builtins, bare)) return builtins[bare];
    if (!bare.startsWith("./") && !bare.startsWith("../") && !bare.startsWith("/")) {
      const e = new Error(`Cannot find module '${name}'`); e.code = "MODULE_NOT_FOUND"; throw e;
    }
    let file = path.resolve(directory, bare);
    if (!fs.existsSync(file) && fs.existsSync(file + ".js")) file = file + ".js";
    return load(file);
  };
  const load = (file, source, glue) => {
    if (cache.has(file)) return cache.get(file).exports;
    const module = { exports: {}, filename: file, loaded: false };
    cache.set(file, module);
    source = (source ?? fs.readFileSync(file, "utf8")).replace(/^#!.*/, "");
    const wrapper = native.evaluate("(function (exports, require, module, __filename, __dirname) {" + source + "\n})", file);
    const dirname = path.dirname(file);
    wrapper.call(module.exports, module.exports, makeRequire(dirname, glue), module, file, dirname);
    module.loaded = true;
    return module.exports;
  };
  native.runMain = (file, source, glue) => load(file, source, glue);
  // run --browser: a page's globals with node's `fs`, `process` and `path` (the browser glue polyfills each
  // only when absent; Go's syscall resolves opened paths with `path.resolve`, which the polyfill merely
  // joins). No argv0, so Go's net/http uses fetch; timers are the browser's (numbers); no require.
  if (native.inPage) {
    delete process.argv0;
    native.nodeTimers = false;
    define("fs", fs);
    define("path", path);
  }
  native.makeRequire = makeRequire;
  return process;
})
