// URL and URLSearchParams: the WHATWG URL Standard's basic URL parser as its state machine (with the state
// overrides the setters use), its host parser (IPv4, IPv6, opaque hosts, domains), serializer and
// application/x-www-form-urlencoded. Measured with WPT's url/ (urltestdata.json, setters_tests.json; see
// docs/wpt.md). Domain to ASCII approximates UTS #46 without its mapping table: NFKC and lower case, then
// Punycode; the few IDNA cases that need the table are listed in Tests/WPT/expectations.txt.
// `globalThis.__gowasmURL` (non-enumerable) exposes `parse`/`serialize` for the DOM's own resolution.
(function () {
  "use strict";
  const FAILURE = Symbol("failure");
  const specialPorts = { ftp: 21, file: null, http: 80, https: 443, ws: 80, wss: 443 };
  const isSpecialScheme = (scheme) => Object.prototype.hasOwnProperty.call(specialPorts, scheme);
  const isSpecial = (url) => isSpecialScheme(url.scheme);

  // --- percent-encoding ---
  const encoder = new TextEncoder();
  const decoderNoBOM = new TextDecoder("utf-8", { ignoreBOM: true });
  const hex = (b) => "%" + (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
  const c0ControlSet = (c) => c <= 0x1f || c > 0x7e;
  const fragmentSet = (c) => c0ControlSet(c) || c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60;
  const querySet = (c) => c0ControlSet(c) || c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e;
  const specialQuerySet = (c) => querySet(c) || c === 0x27;
  const pathSet = (c) => querySet(c) || c === 0x3f || c === 0x60 || c === 0x7b || c === 0x7d;
  const userinfoSet = (c) => pathSet(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d || c === 0x40 ||
    (c >= 0x5b && c <= 0x5e) || c === 0x7c;
  const componentSet = (c) => userinfoSet(c) || (c >= 0x24 && c <= 0x26) || c === 0x2b || c === 0x2c;
  const formSet = (c) => componentSet(c) || c === 0x21 || (c >= 0x27 && c <= 0x29) || c === 0x7e;

  const percentEncode = (ch, inSet) => {
    const code = ch.codePointAt(0);
    if (!inSet(code)) return ch;
    let out = "";
    for (const b of encoder.encode(ch)) out += hex(b);
    return out;
  };
  const percentEncodeString = (text, inSet, spaceAsPlus = false) => {
    let out = "";
    for (const ch of text) out += spaceAsPlus && ch === " " ? "+" : percentEncode(ch, inSet);
    return out;
  };
  const isHexByte = (b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
  const percentDecodeBytes = (bytes) => {
    const out = new Uint8Array(bytes.length);
    let n = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0x25 && i + 2 < bytes.length && isHexByte(bytes[i + 1]) && isHexByte(bytes[i + 2])) {
        out[n++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
        i += 2;
      } else out[n++] = b;
    }
    return out.subarray(0, n);
  };
  const percentDecode = (text) => percentDecodeBytes(encoder.encode(text));
  const toUSVString = (v) => {
    const s = String(v);
    return typeof s.toWellFormed === "function" ? s.toWellFormed()
      : s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  };

  // --- hosts ---
  const forbiddenHost = /[\u0000\u0009\u000A\u000D #/:<>?@[\\\]^|]/;
  const forbiddenDomain = /[\u0000-\u001F #%/:<>?@[\\\]^|\u007F]/;

  const parseIPv4Number = (input) => {
    if (input === "") return FAILURE;
    let radix = 10;
    if (input.length >= 2 && (input.startsWith("0x") || input.startsWith("0X"))) { input = input.slice(2); radix = 16; }
    else if (input.length >= 2 && input[0] === "0") { input = input.slice(1); radix = 8; }
    if (input === "") return 0;
    const valid = radix === 16 ? /^[0-9A-Fa-f]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
    if (!valid.test(input)) return FAILURE;
    return parseInt(input, radix);
  };
  const endsInANumber = (input) => {
    const parts = input.split(".");
    if (parts[parts.length - 1] === "") {
      if (parts.length === 1) return false;
      parts.pop();
    }
    const last = parts[parts.length - 1];
    if (last !== "" && /^[0-9]+$/.test(last)) return true;
    return parseIPv4Number(last) !== FAILURE;
  };
  const parseIPv4 = (input) => {
    const parts = input.split(".");
    if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
    if (parts.length > 4) return FAILURE;
    const numbers = [];
    for (const part of parts) {
      const n = parseIPv4Number(part);
      if (n === FAILURE) return FAILURE;
      numbers.push(n);
    }
    for (let i = 0; i < numbers.length - 1; i++) if (numbers[i] > 255) return FAILURE;
    if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return FAILURE;
    let ipv4 = numbers[numbers.length - 1];
    for (let i = 0; i < numbers.length - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
    return [24, 16, 8, 0].map((s) => Math.floor(ipv4 / 2 ** s) % 256).join(".");
  };
  const parseIPv6 = (input) => {
    const address = [0, 0, 0, 0, 0, 0, 0, 0];
    let pieceIndex = 0, compress = null, p = 0;
    const cs = Array.from(input);
    const isHex = (c) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);
    const isDigit = (c) => c !== undefined && /^[0-9]$/.test(c);
    if (cs[p] === ":") {
      if (cs[p + 1] !== ":") return FAILURE;
      p += 2;
      pieceIndex++;
      compress = pieceIndex;
    }
    while (cs[p] !== undefined) {
      if (pieceIndex === 8) return FAILURE;
      if (cs[p] === ":") {
        if (compress !== null) return FAILURE;
        p++;
        pieceIndex++;
        compress = pieceIndex;
        continue;
      }
      let value = 0, length = 0;
      while (length < 4 && isHex(cs[p])) { value = value * 16 + parseInt(cs[p], 16); p++; length++; }
      if (cs[p] === ".") {
        if (length === 0) return FAILURE;
        p -= length;
        if (pieceIndex > 6) return FAILURE;
        let numbersSeen = 0;
        while (cs[p] !== undefined) {
          let ipv4Piece = null;
          if (numbersSeen > 0) {
            if (cs[p] === "." && numbersSeen < 4) p++;
            else return FAILURE;
          }
          if (!isDigit(cs[p])) return FAILURE;
          while (isDigit(cs[p])) {
            const number = Number(cs[p]);
            if (ipv4Piece === null) ipv4Piece = number;
            else if (ipv4Piece === 0) return FAILURE;
            else ipv4Piece = ipv4Piece * 10 + number;
            if (ipv4Piece > 255) return FAILURE;
            p++;
          }
          address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
          numbersSeen++;
          if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
        }
        if (numbersSeen !== 4) return FAILURE;
        break;
      } else if (cs[p] === ":") {
        p++;
        if (cs[p] === undefined) return FAILURE;
      } else if (cs[p] !== undefined) return FAILURE;
      address[pieceIndex] = value;
      pieceIndex++;
    }
    if (compress !== null) {
      let swaps = pieceIndex - compress;
      pieceIndex = 7;
      while (pieceIndex !== 0 && swaps > 0) {
        const t = address[pieceIndex];
        address[pieceIndex] = address[compress + swaps - 1];
        address[compress + swaps - 1] = t;
        pieceIndex--;
        swaps--;
      }
    } else if (pieceIndex !== 8) return FAILURE;
    return address;
  };
  const serializeIPv6 = (address) => {
    // The first longest run of two or more zero pieces is compressed.
    let best = null, bestLength = 1;
    for (let i = 0; i < 8;) {
      if (address[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && address[j] === 0) j++;
      if (j - i > bestLength) { best = i; bestLength = j - i; }
      i = j;
    }
    let out = "";
    let ignore0 = false;
    for (let i = 0; i < 8; i++) {
      if (ignore0 && address[i] === 0) continue;
      ignore0 = false;
      if (best === i) { out += i === 0 ? "::" : ":"; ignore0 = true; continue; }
      out += address[i].toString(16);
      if (i !== 7) out += ":";
    }
    return out;
  };

  // Punycode (RFC 3492), for domain to ASCII.
  const punycode = {
    base: 36, tMin: 1, tMax: 26, skew: 38, damp: 700, initialBias: 72, initialN: 128,
    adapt(delta, numPoints, first) {
      delta = first ? Math.floor(delta / this.damp) : delta >> 1;
      delta += Math.floor(delta / numPoints);
      let k = 0;
      while (delta > ((this.base - this.tMin) * this.tMax) >> 1) { delta = Math.floor(delta / (this.base - this.tMin)); k += this.base; }
      return k + Math.floor(((this.base - this.tMin + 1) * delta) / (delta + this.skew));
    },
    digit(d) { return String.fromCharCode(d < 26 ? d + 97 : d + 22); },
    encode(input) {
      const cps = Array.from(input, (c) => c.codePointAt(0));
      let n = this.initialN, delta = 0, bias = this.initialBias;
      let out = cps.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join("");
      const basic = out.length;
      let h = basic;
      if (basic) out += "-";
      while (h < cps.length) {
        const m = Math.min(...cps.filter((c) => c >= n));
        delta += (m - n) * (h + 1);
        n = m;
        for (const c of cps) {
          if (c < n) delta++;
          if (c === n) {
            let q = delta;
            for (let k = this.base; ; k += this.base) {
              const t = k <= bias ? this.tMin : k >= bias + this.tMax ? this.tMax : k - bias;
              if (q < t) break;
              out += this.digit(t + ((q - t) % (this.base - t)));
              q = Math.floor((q - t) / (this.base - t));
            }
            out += this.digit(q);
            bias = this.adapt(delta, h + 1, h === basic);
            delta = 0;
            h++;
          }
        }
        delta++;
        n++;
      }
      return out;
    },
    decode(input) {
      const out = [];
      let n = this.initialN, i = 0, bias = this.initialBias;
      const dash = input.lastIndexOf("-");
      const basic = dash < 0 ? 0 : dash;
      for (let j = 0; j < basic; j++) {
        if (input.charCodeAt(j) >= 0x80) return FAILURE;
        out.push(input.charCodeAt(j));
      }
      for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
        const oldi = i;
        let w = 1;
        for (let k = this.base; ; k += this.base) {
          if (index >= input.length) return FAILURE;
          const c = input.charCodeAt(index++);
          const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : this.base;
          if (digit >= this.base) return FAILURE;
          i += digit * w;
          const t = k <= bias ? this.tMin : k >= bias + this.tMax ? this.tMax : k - bias;
          if (digit < t) break;
          w *= this.base - t;
          if (w > 0x7fffffff) return FAILURE;
        }
        bias = this.adapt(i - oldi, out.length + 1, oldi === 0);
        n += Math.floor(i / (out.length + 1));
        i %= out.length + 1;
        if (n > 0x10ffff) return FAILURE;
        out.splice(i++, 0, n);
      }
      return String.fromCodePoint(...out);
    },
  };

  // UTS #46 ToASCII without the mapping table (CheckHyphens, VerifyDnsLength and UseSTD3ASCIIRules off, as
  // the URL Standard asks): map (NFKC, lower case, ideographic full stops to "."), check each label, encode.
  const domainToASCII = (domain) => {
    const asciiFast = /^[\x00-\x7F]*$/.test(domain) && !domain.split(".").some((l) => /^xn--/i.test(l));
    if (asciiFast) return domain.toLowerCase();
    let mapped = domain.replace(/[\u3002\uFF0E\uFF61]/g, ".").replace(/[\u00AD\u200B\u2060\uFEFF\u034F\u180B-\u180D\uFE00-\uFE0F]/g, "");
    mapped = mapped.normalize("NFKC").toLowerCase().normalize("NFKC").replace(/[\u3002\uFF0E\uFF61]/g, ".");
    const labels = mapped.split(".");
    const out = [];
    for (const label of labels) {
      let unicode = label;
      if (/^xn--/.test(label)) {
        if (/[^\x00-\x7F]/.test(label)) return FAILURE;
        const decoded = punycode.decode(label.slice(4));
        if (decoded === FAILURE || decoded === "" || /^[\x00-\x7F]*$/.test(decoded)) return FAILURE;
        // A decoded label must already be in mapped form.
        if (decoded.normalize("NFKC").toLowerCase().normalize("NFKC") !== decoded) return FAILURE;
        unicode = decoded;
      }
      // Disallowed in every label: controls, unpaired surrogates, noncharacters, and what no domain holds.
      if (/[\u0080-\u009F\uFDD0-\uFDEF\uFFFD\uFFFE\uFFFF\u200E\u200F\u202A-\u202E\u2066-\u2069]/.test(unicode)) return FAILURE;
      if (/[\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{E0000}-\u{E0FFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/u.test(unicode)) return FAILURE;
      if (/^\p{M}/u.test(unicode)) return FAILURE;
      out.push(/^[\x00-\x7F]*$/.test(unicode) ? unicode : "xn--" + punycode.encode(unicode));
    }
    const result = out.join(".");
    return result === "" ? FAILURE : result;
  };

  const parseOpaqueHost = (input) => {
    if (forbiddenHost.test(input)) return FAILURE;
    return percentEncodeString(input, c0ControlSet);
  };
  const parseHost = (input, isOpaque) => {
    if (input.startsWith("[")) {
      if (!input.endsWith("]")) return FAILURE;
      const address = parseIPv6(input.slice(1, -1));
      return address === FAILURE ? FAILURE : "[" + serializeIPv6(address) + "]";
    }
    if (isOpaque) return parseOpaqueHost(input);
    const domain = decoderNoBOM.decode(percentDecode(input));
    const ascii = domainToASCII(domain);
    if (ascii === FAILURE || forbiddenDomain.test(ascii)) return FAILURE;
    if (endsInANumber(ascii)) return parseIPv4(ascii);
    return ascii;
  };

  // --- paths ---
  const isSingleDot = (s) => s === "." || s.toLowerCase() === "%2e";
  const isDoubleDot = (s) => { s = s.toLowerCase(); return s === ".." || s === ".%2e" || s === "%2e." || s === "%2e%2e"; };
  const isWindowsDriveLetter = (s) => s.length === 2 && /[A-Za-z]/.test(s[0]) && (s[1] === ":" || s[1] === "|");
  const isNormalizedWindowsDriveLetter = (s) => s.length === 2 && /[A-Za-z]/.test(s[0]) && s[1] === ":";
  const startsWithWindowsDriveLetter = (cs, p) =>
    cs.length - p >= 2 && isWindowsDriveLetter(cs[p] + cs[p + 1]) &&
    (cs.length - p === 2 || ["/", "\\", "?", "#"].includes(cs[p + 2]));
  const shorten = (url) => {
    if (url.scheme === "file" && url.path.length === 1 && isNormalizedWindowsDriveLetter(url.path[0])) return;
    url.path.pop();
  };

  const newRecord = () => ({ scheme: "", username: "", password: "", host: null, port: null, path: [], query: null, fragment: null });
  const hasOpaquePath = (url) => typeof url.path === "string";

  // --- the basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser) ---
  // Returns the record, or FAILURE. With `override`, `url` is modified in place as the setters ask.
  const basicParse = (input, base, url, override) => {
    if (!url) {
      url = newRecord();
      input = input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
    }
    input = input.replace(/[\t\n\r]/g, "");
    let state = override || "scheme start";
    let buffer = "", atSign = false, insideBrackets = false, passwordTokenSeen = false;
    const cs = Array.from(input);
    const isAlpha = (c) => c !== undefined && /^[A-Za-z]$/.test(c);
    for (let p = 0; ; p++) {
      const c = cs[p];
      const slashLike = (c) => c === "/" || (isSpecial(url) && c === "\\");
      switch (state) {
        case "scheme start":
          if (isAlpha(c)) { buffer += c.toLowerCase(); state = "scheme"; }
          else if (!override) { state = "no scheme"; p--; }
          else return FAILURE;
          break;
        case "scheme":
          if (c !== undefined && /^[A-Za-z0-9+\-.]$/.test(c)) buffer += c.toLowerCase();
          else if (c === ":") {
            if (override) {
              if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return url;
              if ((url.username !== "" || url.password !== "" || url.port !== null) && buffer === "file") return url;
              if (url.scheme === "file" && url.host === "") return url;
            }
            url.scheme = buffer;
            if (override) {
              if (url.port === specialPorts[url.scheme]) url.port = null;
              return url;
            }
            buffer = "";
            if (url.scheme === "file") state = "file";
            else if (isSpecial(url) && base && base.scheme === url.scheme) state = "special relative or authority";
            else if (isSpecial(url)) state = "special authority slashes";
            else if (cs[p + 1] === "/") { state = "path or authority"; p++; }
            else { url.path = ""; state = "opaque path"; }
          } else if (!override) { buffer = ""; state = "no scheme"; p = -1; }
          else return FAILURE;
          break;
        case "no scheme":
          if (!base || (hasOpaquePath(base) && c !== "#")) return FAILURE;
          if (hasOpaquePath(base) && c === "#") {
            url.scheme = base.scheme; url.path = base.path; url.query = base.query; url.fragment = ""; state = "fragment";
          } else if (base.scheme !== "file") { state = "relative"; p--; }
          else { state = "file"; p--; }
          break;
        case "special relative or authority":
          if (c === "/" && cs[p + 1] === "/") { state = "special authority ignore slashes"; p++; }
          else { state = "relative"; p--; }
          break;
        case "path or authority":
          if (c === "/") state = "authority";
          else { state = "path"; p--; }
          break;
        case "relative":
          url.scheme = base.scheme;
          if (slashLike(c)) state = "relative slash";
          else {
            url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
            url.path = base.path.slice(); url.query = base.query;
            if (c === "?") { url.query = ""; state = "query"; }
            else if (c === "#") { url.fragment = ""; state = "fragment"; }
            else if (c !== undefined) { url.query = null; shorten(url); state = "path"; p--; }
          }
          break;
        case "relative slash":
          if (isSpecial(url) && (c === "/" || c === "\\")) state = "special authority ignore slashes";
          else if (c === "/") state = "authority";
          else {
            url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
            state = "path"; p--;
          }
          break;
        case "special authority slashes":
          if (c === "/" && cs[p + 1] === "/") { state = "special authority ignore slashes"; p++; }
          else { state = "special authority ignore slashes"; p--; }
          break;
        case "special authority ignore slashes":
          if (c !== "/" && c !== "\\") { state = "authority"; p--; }
          break;
        case "authority":
          if (c === "@") {
            if (atSign) buffer = "%40" + buffer;
            atSign = true;
            for (const bc of buffer) {
              if (bc === ":" && !passwordTokenSeen) { passwordTokenSeen = true; continue; }
              const encoded = percentEncode(bc, userinfoSet);
              if (passwordTokenSeen) url.password += encoded; else url.username += encoded;
            }
            buffer = "";
          } else if (c === undefined || c === "?" || c === "#" || slashLike(c)) {
            if (atSign && buffer === "") return FAILURE;
            p -= Array.from(buffer).length + 1;
            buffer = "";
            state = "host";
          } else buffer += c;
          break;
        case "host":
        case "hostname":
          if (override && url.scheme === "file") { p--; state = "file host"; }
          else if (c === ":" && !insideBrackets) {
            if (buffer === "") return FAILURE;
            if (override === "hostname") return FAILURE;
            const host = parseHost(buffer, !isSpecial(url));
            if (host === FAILURE) return FAILURE;
            url.host = host; buffer = ""; state = "port";
          } else if (c === undefined || c === "?" || c === "#" || slashLike(c)) {
            p--;
            if (isSpecial(url) && buffer === "") return FAILURE;
            if (override && buffer === "" && (url.username !== "" || url.password !== "" || url.port !== null)) return FAILURE;
            const host = parseHost(buffer, !isSpecial(url));
            if (host === FAILURE) return FAILURE;
            url.host = host; buffer = ""; state = "path start";
            if (override) return url;
          } else {
            if (c === "[") insideBrackets = true;
            if (c === "]") insideBrackets = false;
            buffer += c;
          }
          break;
        case "port":
          if (c !== undefined && /^[0-9]$/.test(c)) buffer += c;
          else if (c === undefined || c === "?" || c === "#" || slashLike(c) || override) {
            if (buffer !== "") {
              const port = parseInt(buffer, 10);
              if (port > 65535) return FAILURE;
              url.port = specialPorts[url.scheme] === port ? null : port;
              buffer = "";
              if (override) return url;
            }
            if (override) return FAILURE;
            state = "path start"; p--;
          } else return FAILURE;
          break;
        case "file":
          url.scheme = "file";
          url.host = "";
          if (c === "/" || c === "\\") state = "file slash";
          else if (base && base.scheme === "file") {
            url.host = base.host; url.path = base.path.slice(); url.query = base.query;
            if (c === "?") { url.query = ""; state = "query"; }
            else if (c === "#") { url.fragment = ""; state = "fragment"; }
            else if (c !== undefined) {
              url.query = null;
              if (!startsWithWindowsDriveLetter(cs, p)) shorten(url);
              else url.path = [];
              state = "path"; p--;
            }
          } else { state = "path"; p--; }
          break;
        case "file slash":
          if (c === "/" || c === "\\") state = "file host";
          else {
            if (base && base.scheme === "file") {
              url.host = base.host;
              if (!startsWithWindowsDriveLetter(cs, p) && base.path.length > 0 && isNormalizedWindowsDriveLetter(base.path[0])) {
                url.path.push(base.path[0]);
              }
            }
            state = "path"; p--;
          }
          break;
        case "file host":
          if (c === undefined || c === "/" || c === "\\" || c === "?" || c === "#") {
            p--;
            if (!override && isWindowsDriveLetter(buffer)) state = "path";
            else if (buffer === "") {
              url.host = "";
              if (override) return url;
              state = "path start";
            } else {
              let host = parseHost(buffer, !isSpecial(url));
              if (host === FAILURE) return FAILURE;
              if (host === "localhost") host = "";
              url.host = host;
              if (override) return url;
              buffer = ""; state = "path start";
            }
          } else buffer += c;
          break;
        case "path start":
          if (isSpecial(url)) { state = "path"; if (c !== "/" && c !== "\\") p--; }
          else if (!override && c === "?") { url.query = ""; state = "query"; }
          else if (!override && c === "#") { url.fragment = ""; state = "fragment"; }
          else if (c !== undefined) { state = "path"; if (c !== "/") p--; }
          else if (override && url.host === null) url.path.push("");
          break;
        case "path":
          if (c === undefined || slashLike(c) || (!override && (c === "?" || c === "#"))) {
            if (isDoubleDot(buffer)) {
              shorten(url);
              if (!slashLike(c)) url.path.push("");
            } else if (isSingleDot(buffer) && !slashLike(c)) url.path.push("");
            else if (!isSingleDot(buffer)) {
              if (url.scheme === "file" && url.path.length === 0 && isWindowsDriveLetter(buffer)) buffer = buffer[0] + ":";
              url.path.push(buffer);
            }
            buffer = "";
            if (c === "?") { url.query = ""; state = "query"; }
            if (c === "#") { url.fragment = ""; state = "fragment"; }
          } else buffer += percentEncode(c, pathSet);
          break;
        case "opaque path":
          if (c === "?") { url.query = ""; state = "query"; }
          else if (c === "#") { url.fragment = ""; state = "fragment"; }
          else if (c === " ") url.path += cs[p + 1] === "?" || cs[p + 1] === "#" ? "%20" : " ";
          else if (c !== undefined) url.path += percentEncode(c, c0ControlSet);
          break;
        case "query":
          if ((!override && c === "#") || c === undefined) {
            url.query += percentEncodeString(buffer, isSpecial(url) ? specialQuerySet : querySet);
            buffer = "";
            if (c === "#") { url.fragment = ""; state = "fragment"; }
          } else buffer += c;
          break;
        case "fragment":
          if (c !== undefined) url.fragment += percentEncode(c, fragmentSet);
          break;
      }
      if (p >= cs.length) break;
    }
    return url;
  };

  const serializePath = (url) => hasOpaquePath(url) ? url.path : url.path.map((s) => "/" + s).join("");
  const serialize = (url, excludeFragment = false) => {
    let out = url.scheme + ":";
    if (url.host !== null) {
      out += "//";
      if (url.username !== "" || url.password !== "") {
        out += url.username;
        if (url.password !== "") out += ":" + url.password;
        out += "@";
      }
      out += url.host;
      if (url.port !== null) out += ":" + url.port;
    }
    if (url.host === null && !hasOpaquePath(url) && url.path.length > 1 && url.path[0] === "") out += "/.";
    out += serializePath(url);
    if (url.query !== null) out += "?" + url.query;
    if (!excludeFragment && url.fragment !== null) out += "#" + url.fragment;
    return out;
  };
  const origin = (url) => {
    if (url.scheme === "blob") {
      const inner = basicParse(serializePath(url), null);
      if (inner !== FAILURE && (inner.scheme === "http" || inner.scheme === "https")) return origin(inner);
      return "null";
    }
    if (!isSpecial(url) || url.scheme === "file") return "null";
    return url.scheme + "://" + url.host + (url.port !== null ? ":" + url.port : "");
  };
  const cannotHaveCredentialsOrPort = (url) => url.host === null || url.host === "" || url.scheme === "file";

  // --- application/x-www-form-urlencoded ---
  const parseForm = (text) => {
    const list = [];
    for (const sequence of text.split("&")) {
      if (sequence === "") continue;
      const eq = sequence.indexOf("=");
      const name = eq < 0 ? sequence : sequence.slice(0, eq);
      const value = eq < 0 ? "" : sequence.slice(eq + 1);
      const decode = (s) => decoderNoBOM.decode(percentDecode(s.replace(/\+/g, " ")));
      list.push([decode(name), decode(value)]);
    }
    return list;
  };
  const serializeForm = (list) =>
    list.map(([k, v]) => percentEncodeString(k, formSet, true) + "=" + percentEncodeString(v, formSet, true)).join("&");

  // --- the interfaces ---
  const invalid = (input) => new TypeError(`Failed to construct 'URL': Invalid URL`);
  let attach, reset;

  class URLSearchParams {
    #list = [];
    #url = null;
    constructor(init = "") {
      if (init !== null && (typeof init === "object" || typeof init === "function")) {
        const iterator = init[Symbol.iterator];
        if (iterator !== undefined) {
          if (typeof iterator !== "function") throw new TypeError("Failed to construct 'URLSearchParams': The provided value is not iterable.");
          for (const pair of init) {
            if (pair === null || (typeof pair !== "object" && typeof pair !== "function") || typeof pair[Symbol.iterator] !== "function") {
              throw new TypeError("Failed to construct 'URLSearchParams': The provided value cannot be converted to a sequence.");
            }
            const p = [...pair];
            if (p.length !== 2) throw new TypeError("Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements");
            this.#list.push([toUSVString(p[0]), toUSVString(p[1])]);
          }
        } else {
          for (const key of Reflect.ownKeys(init)) {
            const descriptor = Reflect.getOwnPropertyDescriptor(init, key);
            if (descriptor === undefined || !descriptor.enumerable) continue;
            if (typeof key === "symbol") throw new TypeError("Failed to construct 'URLSearchParams': record keys must be strings");
            const name = toUSVString(key), value = toUSVString(init[key]);
            const existing = this.#list.find(([k]) => k === name);
            if (existing) existing[1] = value; else this.#list.push([name, value]);
          }
        }
      } else {
        const text = toUSVString(init);
        this.#list = parseForm(text.startsWith("?") ? text.slice(1) : text);
      }
    }
    static {
      attach = (params, url) => { params.#url = url; return params; };
      reset = (params, query) => { params.#list = query ? parseForm(query) : []; };
    }
    #update() {
      if (!this.#url) return;
      const text = serializeForm(this.#list);
      this.#url.query = text === "" ? null : text;
    }
    get size() { return this.#list.length; }
    append(name, value) {
      if (arguments.length < 2) throw new TypeError("Failed to execute 'append' on 'URLSearchParams': 2 arguments required");
      this.#list.push([toUSVString(name), toUSVString(value)]);
      this.#update();
    }
    delete(name, value) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'delete' on 'URLSearchParams': 1 argument required");
      name = toUSVString(name);
      if (value !== undefined) value = toUSVString(value);
      this.#list = this.#list.filter(([k, v]) => !(k === name && (value === undefined || v === value)));
      this.#update();
    }
    get(name) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'get' on 'URLSearchParams': 1 argument required");
      name = toUSVString(name);
      const entry = this.#list.find(([k]) => k === name);
      return entry ? entry[1] : null;
    }
    getAll(name) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'getAll' on 'URLSearchParams': 1 argument required");
      name = toUSVString(name);
      return this.#list.filter(([k]) => k === name).map(([, v]) => v);
    }
    has(name, value) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'has' on 'URLSearchParams': 1 argument required");
      name = toUSVString(name);
      if (value !== undefined) value = toUSVString(value);
      return this.#list.some(([k, v]) => k === name && (value === undefined || v === value));
    }
    set(name, value) {
      if (arguments.length < 2) throw new TypeError("Failed to execute 'set' on 'URLSearchParams': 2 arguments required");
      name = toUSVString(name);
      value = toUSVString(value);
      const i = this.#list.findIndex(([k]) => k === name);
      if (i < 0) this.#list.push([name, value]);
      else { this.#list[i][1] = value; this.#list = this.#list.filter(([k], j) => k !== name || j <= i); }
      this.#update();
    }
    sort() {
      // Stable, by code units.
      this.#list = this.#list.map((entry, i) => [entry, i]).sort(([a, i], [b, j]) => {
        const x = a[0], y = b[0];
        for (let k = 0; k < Math.min(x.length, y.length); k++) {
          const d = x.charCodeAt(k) - y.charCodeAt(k);
          if (d) return d;
        }
        return x.length - y.length || i - j;
      }).map(([entry]) => entry);
      this.#update();
    }
    forEach(callback, thisArg = undefined) {
      if (typeof callback !== "function") throw new TypeError("Failed to execute 'forEach' on 'URLSearchParams': parameter 1 is not a function");
      for (let i = 0; i < this.#list.length; i++) {
        const [k, v] = this.#list[i];
        callback.call(thisArg, v, k, this);
      }
    }
    *entries() { for (let i = 0; i < this.#list.length; i++) { const [k, v] = this.#list[i]; yield [k, v]; } }
    *keys() { for (let i = 0; i < this.#list.length; i++) yield this.#list[i][0]; }
    *values() { for (let i = 0; i < this.#list.length; i++) yield this.#list[i][1]; }
    toString() { return serializeForm(this.#list); }
  }
  Object.defineProperty(URLSearchParams.prototype, Symbol.iterator, { value: URLSearchParams.prototype.entries, writable: true, configurable: true });
  Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: "URLSearchParams", configurable: true });

  class URL {
    #url;
    #params;
    constructor(url, base = undefined) {
      if (arguments.length < 1) throw new TypeError("Failed to construct 'URL': 1 argument required, but only 0 present.");
      url = toUSVString(url);
      let parsedBase = null;
      if (base !== undefined) {
        parsedBase = basicParse(toUSVString(base), null);
        if (parsedBase === FAILURE) throw invalid(base);
      }
      const parsed = basicParse(url, parsedBase);
      if (parsed === FAILURE) throw invalid(url);
      this.#url = parsed;
      this.#params = attach(new URLSearchParams(parsed.query ?? ""), parsed);
    }
    static canParse(url, base = undefined) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'canParse' on 'URL': 1 argument required, but only 0 present.");
      let parsedBase = null;
      if (base !== undefined) {
        parsedBase = basicParse(toUSVString(base), null);
        if (parsedBase === FAILURE) return false;
      }
      return basicParse(toUSVString(url), parsedBase) !== FAILURE;
    }
    static parse(url, base = undefined) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'parse' on 'URL': 1 argument required, but only 0 present.");
      try { return new URL(url, base); } catch { return null; }
    }
    get href() { return serialize(this.#url); }
    set href(value) {
      const parsed = basicParse(toUSVString(value), null);
      if (parsed === FAILURE) throw new TypeError(`Failed to set the 'href' property on 'URL': Invalid URL`);
      this.#url = parsed;
      attach(this.#params, parsed);
      reset(this.#params, parsed.query);
    }
    get origin() { return origin(this.#url); }
    get protocol() { return this.#url.scheme + ":"; }
    set protocol(value) { basicParse(toUSVString(value) + ":", null, this.#url, "scheme start"); }
    get username() { return this.#url.username; }
    set username(value) {
      if (cannotHaveCredentialsOrPort(this.#url)) return;
      this.#url.username = percentEncodeString(toUSVString(value), userinfoSet);
    }
    get password() { return this.#url.password; }
    set password(value) {
      if (cannotHaveCredentialsOrPort(this.#url)) return;
      this.#url.password = percentEncodeString(toUSVString(value), userinfoSet);
    }
    get host() {
      const u = this.#url;
      if (u.host === null) return "";
      return u.port === null ? u.host : u.host + ":" + u.port;
    }
    set host(value) {
      if (hasOpaquePath(this.#url)) return;
      basicParse(toUSVString(value), null, this.#url, "host");
    }
    get hostname() { return this.#url.host ?? ""; }
    set hostname(value) {
      if (hasOpaquePath(this.#url)) return;
      basicParse(toUSVString(value), null, this.#url, "hostname");
    }
    get port() { return this.#url.port === null ? "" : String(this.#url.port); }
    set port(value) {
      if (cannotHaveCredentialsOrPort(this.#url)) return;
      value = toUSVString(value);
      if (value === "") this.#url.port = null;
      else basicParse(value, null, this.#url, "port");
    }
    get pathname() { return serializePath(this.#url); }
    set pathname(value) {
      if (hasOpaquePath(this.#url)) return;
      this.#url.path = [];
      basicParse(toUSVString(value), null, this.#url, "path start");
    }
    get search() { const q = this.#url.query; return q === null || q === "" ? "" : "?" + q; }
    set search(value) {
      value = toUSVString(value);
      if (value === "") {
        this.#url.query = null;
        reset(this.#params, null);
        return;
      }
      const input = value[0] === "?" ? value.slice(1) : value;
      this.#url.query = "";
      basicParse(input, null, this.#url, "query");
      reset(this.#params, this.#url.query);
    }
    get searchParams() { return this.#params; }
    get hash() { const f = this.#url.fragment; return f === null || f === "" ? "" : "#" + f; }
    set hash(value) {
      value = toUSVString(value);
      if (value === "") { this.#url.fragment = null; return; }
      const input = value[0] === "#" ? value.slice(1) : value;
      this.#url.fragment = "";
      basicParse(input, null, this.#url, "fragment");
    }
    toString() { return serialize(this.#url); }
    toJSON() { return serialize(this.#url); }
  }
  Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: "URL", configurable: true });

  // WebIDL: attributes and operations are enumerable on the prototype.
  for (const C of [URL, URLSearchParams]) {
    for (const key of Object.getOwnPropertyNames(C.prototype)) {
      if (key === "constructor") continue;
      const descriptor = Object.getOwnPropertyDescriptor(C.prototype, key);
      descriptor.enumerable = true;
      Object.defineProperty(C.prototype, key, descriptor);
    }
    for (const key of ["canParse", "parse"]) {
      if (Object.prototype.hasOwnProperty.call(C, key)) {
        Object.defineProperty(C, key, { ...Object.getOwnPropertyDescriptor(C, key), enumerable: true });
      }
    }
  }

  for (const [name, value] of [["URL", URL], ["URLSearchParams", URLSearchParams]]) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
  // For the DOM (location, document.baseURI, <a>/<base>, fetch): one parser for everything web-visible.
  Object.defineProperty(globalThis, "__gowasmURL", {
    value: Object.freeze({
      resolve(input, base) {
        const parsedBase = base == null ? null : basicParse(String(base), null);
        if (parsedBase === FAILURE) return null;
        const parsed = basicParse(toUSVString(input), parsedBase);
        return parsed === FAILURE ? null : serialize(parsed);
      },
    }),
    writable: false, configurable: true, enumerable: false,
  });
})
