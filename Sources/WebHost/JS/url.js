// URL and URLSearchParams after the WHATWG URL Standard: special schemes (http, https, ws, wss, ftp, file)
// with host, port and path normalisation, opaque paths for other schemes, relative resolution, the
// standard's percent-encode sets and application/x-www-form-urlencoded. Not covered: IDNA (non-ASCII
// host names are kept as given) and Windows drive letters in file URLs.
(function () {
  "use strict";
  const special = { "ftp:": "21", "file:": null, "http:": "80", "https:": "443", "ws:": "80", "wss:": "443" };
  const isSpecial = (scheme) => Object.prototype.hasOwnProperty.call(special, scheme);

  const encoder = new TextEncoder();
  const hex = (b) => "%" + b.toString(16).toUpperCase().padStart(2, "0");
  const C0 = (c) => c <= 0x1f || c > 0x7e;
  const sets = {
    fragment: (c) => C0(c) || " \"<>`".includes(String.fromCharCode(c)),
    query: (c) => C0(c) || " \"#<>".includes(String.fromCharCode(c)),
    specialQuery: (c) => C0(c) || " \"#<>'".includes(String.fromCharCode(c)),
    path: (c) => C0(c) || " \"#<>?`{}".includes(String.fromCharCode(c)),
    userinfo: (c) => C0(c) || " \"#<>?`{}/:;=@[\\]^|".includes(String.fromCharCode(c)),
    opaque: (c) => C0(c),
  };
  const encode = (text, inSet) => {
    let out = "";
    for (const ch of text) {
      const code = ch.codePointAt(0);
      if (code < 0x80 && !inSet(code)) { out += ch; continue; }
      for (const b of encoder.encode(ch)) out += hex(b);
    }
    return out;
  };
  const percentDecode = (text) => {
    const bytes = [];
    const raw = encoder.encode(text);
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === 0x25 && i + 2 < raw.length && /^[0-9A-Fa-f]{2}$/.test(String.fromCharCode(raw[i + 1], raw[i + 2]))) {
        bytes.push(parseInt(String.fromCharCode(raw[i + 1], raw[i + 2]), 16));
        i += 2;
      } else bytes.push(raw[i]);
    }
    return new Uint8Array(bytes);
  };
  const failure = (input) => { const e = new TypeError("Invalid URL"); e.code = "ERR_INVALID_URL"; e.input = input; return e; };

  // --- hosts ---
  const parseIPv4Number = (part) => {
    if (part === "") return NaN;
    let radix = 10;
    if (/^0[xX]/.test(part)) { part = part.slice(2); radix = 16; }
    else if (part.length > 1 && part[0] === "0") { part = part.slice(1); radix = 8; }
    if (part === "") return 0;
    const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
    return valid.test(part) ? parseInt(part, radix) : NaN;
  };
  const endsInNumber = (host) => {
    const parts = host.split(".");
    if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
    const last = parts[parts.length - 1];
    return /^[0-9]+$/.test(last) || !Number.isNaN(parseIPv4Number(last)) && /^0[xX]/.test(last);
  };
  const parseIPv4 = (host, input) => {
    const parts = host.split(".");
    if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
    if (parts.length > 4) throw failure(input);
    const numbers = parts.map(parseIPv4Number);
    if (numbers.some(Number.isNaN)) throw failure(input);
    const last = numbers.pop();
    if (numbers.some(n => n > 255) || last >= 256 ** (4 - numbers.length)) throw failure(input);
    let value = last;
    numbers.forEach((n, i) => { value += n * 256 ** (3 - i); });
    return [24, 16, 8, 0].map(s => Math.floor(value / 2 ** s) % 256).join(".");
  };
  const parseIPv6 = (text, input) => {
    const pieces = new Array(8).fill(0);
    let index = 0, compress = null;
    const parts = text.split(":");
    if (text.startsWith("::")) parts.shift();
    if (text.endsWith("::")) parts.pop();
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part === "") { if (compress !== null) throw failure(input); compress = index; continue; }
      if (part.includes(".")) {
        if (i !== parts.length - 1 || index > 6) throw failure(input);
        const v4 = parseIPv4(part, input).split(".").map(Number);
        pieces[index++] = v4[0] * 256 + v4[1];
        pieces[index++] = v4[2] * 256 + v4[3];
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(part) || index >= 8) throw failure(input);
      pieces[index++] = parseInt(part, 16);
    }
    if (compress !== null) {
      const tail = pieces.slice(compress, index);
      pieces.fill(0, compress);
      tail.forEach((p, i) => { pieces[8 - tail.length + i] = p; });
    } else if (index !== 8) throw failure(input);
    // Serialise: the first longest run of two or more zero pieces becomes "::".
    let best = -1, bestLength = 1;
    for (let i = 0; i < 8;) {
      if (pieces[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && pieces[j] === 0) j++;
      if (j - i > bestLength) { best = i; bestLength = j - i; }
      i = j;
    }
    let out = "";
    for (let i = 0; i < 8; i++) {
      if (i === best) { out += i === 0 ? "::" : ":"; i += bestLength - 1; continue; }
      out += pieces[i].toString(16) + (i < 7 ? ":" : "");
    }
    return "[" + out + "]";
  };
  const parseHost = (text, specialScheme, input) => {
    if (text.startsWith("[")) {
      if (!text.endsWith("]")) throw failure(input);
      return parseIPv6(text.slice(1, -1), input);
    }
    if (!specialScheme) {
      if (/[\u0000\t\n\r #/:<>?@[\\\]^|]/.test(text)) throw failure(input);
      return encode(text, sets.opaque);
    }
    const domain = new TextDecoder().decode(percentDecode(text)).toLowerCase();
    if (domain === "" || /[\u0000-\u001f #%/:<>?@[\\\]^|\u007f]/.test(domain)) throw failure(input);
    return endsInNumber(domain) ? parseIPv4(domain, input) : domain;
  };

  // --- paths ---
  const isSingleDot = (s) => s === "." || s.toLowerCase() === "%2e";
  const isDoubleDot = (s) => ["..", ".%2e", "%2e.", "%2e%2e"].includes(s.toLowerCase());
  const mergePath = (segments, text, specialScheme) => {
    const parts = text.split(specialScheme ? /[\/\\]/ : /\//);
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      if (isDoubleDot(part)) { segments.pop(); if (last) segments.push(""); }
      else if (isSingleDot(part)) { if (last) segments.push(""); }
      else segments.push(encode(part, sets.path));
    });
    return segments;
  };

  // --- the parser: returns a record { scheme, username, password, host, port, path (array or opaque string), query, fragment } ---
  const parse = (input, base) => {
    const original = input;
    input = String(input).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
    const url = { scheme: "", username: "", password: "", host: null, port: "", path: [], query: null, fragment: null };
    const hashAt = input.indexOf("#");
    if (hashAt >= 0) { url.fragment = encode(input.slice(hashAt + 1), sets.fragment); input = input.slice(0, hashAt); }
    const splitQuery = (rest) => {
      const q = rest.indexOf("?");
      if (q < 0) return rest;
      url.query = rest.slice(q + 1);
      return rest.slice(0, q);
    };
    const finishQuery = () => {
      if (url.query !== null) url.query = encode(url.query, isSpecial(url.scheme) ? sets.specialQuery : sets.query);
    };
    const authority = (rest, specialScheme) => {
      // rest is what follows the slashes: [userinfo@]host[:port][/path]
      const end = rest.search(specialScheme ? /[\/\\?]/ : /[\/?]/);
      let auth = end < 0 ? rest : rest.slice(0, end);
      const after = end < 0 ? "" : rest.slice(end);
      const at = auth.lastIndexOf("@");
      if (at >= 0) {
        const info = auth.slice(0, at);
        const colon = info.indexOf(":");
        url.username = encode(colon < 0 ? info : info.slice(0, colon), sets.userinfo);
        url.password = colon < 0 ? "" : encode(info.slice(colon + 1), sets.userinfo);
        auth = auth.slice(at + 1);
      }
      const portMatch = /:([^:\]]*)$/.exec(auth);
      let hostText = auth;
      if (portMatch) {
        hostText = auth.slice(0, portMatch.index);
        const port = portMatch[1];
        if (port !== "") {
          if (!/^[0-9]+$/.test(port) || Number(port) > 65535) throw failure(original);
          url.port = String(Number(port));
          if (special[url.scheme] === url.port) url.port = "";
        }
      }
      if (url.scheme === "file:") {
        url.host = hostText === "" ? "" : parseHost(hostText, true, original);
        if (url.host === "localhost") url.host = "";
      } else if (hostText === "" && specialScheme) {
        throw failure(original);
      } else {
        url.host = hostText === "" ? "" : parseHost(hostText, specialScheme, original);
      }
      return after;
    };
    const setPath = (rest, segments) => {
      rest = splitQuery(rest);
      const specialScheme = isSpecial(url.scheme);
      if (!specialScheme && rest === "" ) { url.path = segments.length ? segments : []; return; }
      const text = rest.replace(specialScheme ? /^[\/\\]/ : /^\//, "");
      url.path = mergePath(segments, text, specialScheme);
    };

    const schemeMatch = /^([A-Za-z][A-Za-z0-9+\-.]*):/.exec(input);
    if (schemeMatch) {
      url.scheme = schemeMatch[1].toLowerCase() + ":";
      let rest = input.slice(schemeMatch[0].length);
      const specialScheme = isSpecial(url.scheme);
      if (specialScheme && base && base.scheme === url.scheme && !/^[\/\\]/.test(rest) && url.scheme !== "file:") {
        return relative(rest, base, url, original);
      }
      if (specialScheme) {
        rest = rest.replace(/^[\/\\]*/, (slashes) => slashes);
        const stripped = rest.replace(/^[\/\\]+/, "");
        if (url.scheme === "file:" && !/^[\/\\]{2}/.test(rest)) {
          url.host = "";
          setPath("/" + stripped, []);
        } else {
          setPath(authority(stripped, true), []);
        }
      } else if (rest.startsWith("//")) {
        setPath(authority(rest.slice(2), false), []);
      } else if (rest.startsWith("/")) {
        setPath(rest, []);
      } else {
        rest = splitQuery(rest);
        url.path = encode(rest, sets.opaque);  // an opaque path
      }
      finishQuery();
      return url;
    }
    if (!base) throw failure(original);
    return relative(input, base, url, original);

    function relative(rest, base, url, original) {
      url.scheme = base.scheme;
      const specialScheme = isSpecial(url.scheme);
      if (typeof base.path === "string") {
        if (rest !== "" || url.fragment === null) throw failure(original);
        Object.assign(url, { username: base.username, password: base.password, host: base.host, port: base.port, path: base.path, query: base.query });
        return url;
      }
      const slash = specialScheme ? /^[\/\\]{2}/ : /^\/\//;
      if (slash.test(rest)) {
        if (url.scheme === "file:") { url.host = ""; }
        setPath(authority(rest.slice(2), specialScheme), []);
        finishQuery();
        return url;
      }
      Object.assign(url, { username: base.username, password: base.password, host: base.host, port: base.port });
      if (rest === "") {
        url.path = base.path.slice();
        url.query = base.query;
        return url;
      }
      if (rest.startsWith("?")) {
        url.path = base.path.slice();
        url.query = rest.slice(1);
        finishQuery();
        return url;
      }
      if ((specialScheme ? /^[\/\\]/ : /^\//).test(rest)) {
        setPath(rest, []);
      } else {
        const segments = base.path.slice(0, -1);
        setPath("/" + rest, segments);
      }
      finishQuery();
      return url;
    }
  };

  const serializePath = (url) => {
    if (typeof url.path === "string") return url.path;
    const path = url.path.map((s) => "/" + s).join("");
    if (url.host === null && url.path.length > 1 && url.path[0] === "") return "/." + path;
    return path;
  };
  const serialize = (url, excludeFragment) => {
    let out = url.scheme;
    if (url.host !== null) {
      out += "//";
      if (url.username !== "" || url.password !== "") out += url.username + (url.password !== "" ? ":" + url.password : "") + "@";
      out += url.host + (url.port !== "" ? ":" + url.port : "");
    }
    out += serializePath(url);
    if (url.query !== null) out += "?" + url.query;
    if (!excludeFragment && url.fragment !== null) out += "#" + url.fragment;
    return out;
  };

  // --- application/x-www-form-urlencoded ---
  const formEncode = (text) => {
    let out = "";
    for (const b of encoder.encode(text)) {
      const c = String.fromCharCode(b);
      out += b === 0x20 ? "+" : /[*\-._0-9A-Za-z]/.test(c) ? c : hex(b);
    }
    return out;
  };
  const formDecode = (text) => new TextDecoder().decode(percentDecode(text.replace(/\+/g, " ")));
  const parseForm = (text) => text.split("&").filter((s) => s !== "").map((pair) => {
    const eq = pair.indexOf("=");
    return eq < 0 ? [formDecode(pair), ""] : [formDecode(pair.slice(0, eq)), formDecode(pair.slice(eq + 1))];
  });

  const toUSVString = (v) => String(v).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

  class URLSearchParams {
    #list = [];
    #url = null;
    constructor(init = "") {
      if (init instanceof URLSearchParams) this.#list = init.#list.map(([k, v]) => [k, v]);
      else if (typeof init === "object" && init !== null && typeof init[Symbol.iterator] === "function") {
        for (const pair of init) {
          const p = [...pair];
          if (p.length !== 2) throw new TypeError("Each query pair must be an iterable [name, value] tuple");
          this.#list.push([toUSVString(p[0]), toUSVString(p[1])]);
        }
      } else if (typeof init === "object" && init !== null) {
        for (const key of Object.keys(init)) this.#list.push([toUSVString(key), toUSVString(init[key])]);
      } else {
        const text = toUSVString(init);
        this.#list = parseForm(text.startsWith("?") ? text.slice(1) : text);
      }
    }
    static _attach(params, url) { params.#url = url; return params; }
    static _reset(params, query) { params.#list = query ? parseForm(query) : []; }
    #update() {
      if (!this.#url) return;
      const text = this.toString();
      this.#url._setQuery(text === "" ? null : text);
    }
    get size() { return this.#list.length; }
    append(name, value) { this.#list.push([toUSVString(name), toUSVString(value)]); this.#update(); }
    delete(name, value) {
      name = toUSVString(name);
      this.#list = this.#list.filter(([k, v]) => !(k === name && (value === undefined || v === toUSVString(value))));
      this.#update();
    }
    get(name) { name = toUSVString(name); const e = this.#list.find(([k]) => k === name); return e ? e[1] : null; }
    getAll(name) { name = toUSVString(name); return this.#list.filter(([k]) => k === name).map(([, v]) => v); }
    has(name, value) { name = toUSVString(name); return this.#list.some(([k, v]) => k === name && (value === undefined || v === toUSVString(value))); }
    set(name, value) {
      name = toUSVString(name); value = toUSVString(value);
      const i = this.#list.findIndex(([k]) => k === name);
      if (i < 0) this.#list.push([name, value]);
      else { this.#list[i][1] = value; this.#list = this.#list.filter(([k], j) => k !== name || j <= i); }
      this.#update();
    }
    sort() {
      const units = (s) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
      this.#list = this.#list.map((e, i) => [e, i]).sort(([a, i], [b, j]) => {
        const x = units(a[0]), y = units(b[0]);
        for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return x[k] - y[k];
        return x.length - y.length || i - j;
      }).map(([e]) => e);
      this.#update();
    }
    forEach(callback, thisArg) { for (const [k, v] of this.#list) callback.call(thisArg, v, k, this); }
    *entries() { for (const [k, v] of this.#list) yield [k, v]; }
    *keys() { for (const [k] of this.#list) yield k; }
    *values() { for (const [, v] of this.#list) yield v; }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return this.#list.map(([k, v]) => formEncode(k) + "=" + formEncode(v)).join("&"); }
    get [Symbol.toStringTag]() { return "URLSearchParams"; }
  }

  class URL {
    #url;
    #params;
    constructor(input, base) {
      const baseRecord = base === undefined ? null : parse(String(base), null);
      this.#url = parse(String(input), baseRecord);
      this.#params = URLSearchParams._attach(new URLSearchParams(this.#url.query ?? ""), this);
    }
    static canParse(input, base) { try { new URL(input, base); return true; } catch { return false; } }
    static parse(input, base) { try { return new URL(input, base); } catch { return null; } }
    _setQuery(query) { this.#url.query = query; }
    get href() { return serialize(this.#url); }
    set href(value) { this.#url = parse(String(value), null); URLSearchParams._reset(this.#params, this.#url.query); }
    get origin() {
      const u = this.#url;
      if (u.scheme === "blob:") { try { return new URL(serializePath(u)).origin; } catch { return "null"; } }
      if (!isSpecial(u.scheme) || u.scheme === "file:") return "null";
      return u.scheme + "//" + u.host + (u.port !== "" ? ":" + u.port : "");
    }
    get protocol() { return this.#url.scheme; }
    set protocol(value) {
      const m = /^([A-Za-z][A-Za-z0-9+\-.]*)/.exec(String(value));
      if (!m) return;
      const scheme = m[1].toLowerCase() + ":";
      if (isSpecial(scheme) !== isSpecial(this.#url.scheme)) return;
      this.#url.scheme = scheme;
      if (special[scheme] === this.#url.port) this.#url.port = "";
    }
    get username() { return this.#url.username; }
    set username(v) { if (this.#url.host) this.#url.username = encode(String(v), sets.userinfo); }
    get password() { return this.#url.password; }
    set password(v) { if (this.#url.host) this.#url.password = encode(String(v), sets.userinfo); }
    get host() { const u = this.#url; return u.host === null ? "" : u.host + (u.port !== "" ? ":" + u.port : ""); }
    set host(v) { try { const u = parse(this.#url.scheme + "//" + String(v) + "/", null); this.#url.host = u.host; this.#url.port = u.port; } catch {} }
    get hostname() { return this.#url.host ?? ""; }
    set hostname(v) { try { const u = parse(this.#url.scheme + "//" + String(v) + "/", null); this.#url.host = u.host; } catch {} }
    get port() { return this.#url.port; }
    set port(v) {
      const digits = /^[0-9]*/.exec(String(v))[0];
      if (digits === "") { if (String(v) === "") this.#url.port = ""; return; }
      if (Number(digits) > 65535) return;
      this.#url.port = special[this.#url.scheme] === String(Number(digits)) ? "" : String(Number(digits));
    }
    get pathname() { return serializePath(this.#url); }
    set pathname(v) {
      if (typeof this.#url.path === "string") return;
      const s = String(v);
      this.#url.path = mergePath([], s.replace(isSpecial(this.#url.scheme) ? /^[\/\\]/ : /^\//, ""), isSpecial(this.#url.scheme));
    }
    get search() { const q = this.#url.query; return q === null || q === "" ? "" : "?" + q; }
    set search(v) {
      let s = String(v);
      if (s.startsWith("?")) s = s.slice(1);
      this.#url.query = s === "" && String(v) === "" ? null : encode(s, isSpecial(this.#url.scheme) ? sets.specialQuery : sets.query);
      URLSearchParams._reset(this.#params, this.#url.query);
    }
    get searchParams() { return this.#params; }
    get hash() { const f = this.#url.fragment; return f === null || f === "" ? "" : "#" + f; }
    set hash(v) {
      let s = String(v);
      if (s === "") { this.#url.fragment = null; return; }
      if (s.startsWith("#")) s = s.slice(1);
      this.#url.fragment = encode(s, sets.fragment);
    }
    toString() { return this.href; }
    toJSON() { return this.href; }
    get [Symbol.toStringTag]() { return "URL"; }
  }

  for (const [name, value] of [["URL", URL], ["URLSearchParams", URLSearchParams]]) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
})
