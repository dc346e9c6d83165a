// A go test -exec for headless Chromium, driven the way agnivade/wasmbrowsertest drives it: per test
// binary, an HTTP server for a page, wasm_exec.js and the wasm; a fresh Chromium with a fresh profile; the
// page runs the program with os.Args and the environment, its console is forwarded to stdout, and the
// program's exit code becomes ours. The reference route in Benchmarks/browser-tests.sh.
//   node --experimental-websocket chromium-exec.mjs app.wasm [args...]     (GOROOT: whose wasm_exec.js)
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [wasmPath, ...args] = process.argv.slice(2);
const goroot = process.env.GOROOT || execFileSync("go", ["env", "GOROOT"]).toString().trim();
const glueDirectory = ["lib/wasm", "misc/wasm"].map((d) => join(goroot, d)).find((d) => existsSync(join(d, "wasm_exec.js")));
const glue = readFileSync(join(glueDirectory, "wasm_exec.js"));
const wasm = readFileSync(wasmPath);
const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="/wasm_exec.js"></script><script>
  const go = new Go();
  go.argv = ${JSON.stringify(["js", ...args])};
  go.env = ${JSON.stringify({ HOME: process.env.HOME ?? "/" })};
  go.exit = (code) => { globalThis.gowasmExit(String(code)); };
  WebAssembly.instantiateStreaming(fetch("/app.wasm"), go.importObject)
    .then((result) => go.run(result.instance))
    .catch((error) => { console.error(String(error)); globalThis.gowasmExit("1"); });
</script></head><body></body></html>`;

// The page, the glue and the wasm; any other path is a file under the working directory (go test runs a
// package's tests in its directory), no dotfiles and no "..", as `run --browser` answers.
const server = createServer((request, response) => {
  const files = { "/": ["text/html", page], "/wasm_exec.js": ["text/javascript", glue], "/app.wasm": ["application/wasm", wasm] };
  let found = files[request.url];
  const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
  if (!found && !path.split("/").some((part) => part.startsWith(".")) && existsSync(join(process.cwd(), path))) {
    try { found = ["application/octet-stream", readFileSync(join(process.cwd(), path))]; } catch {}
  }
  if (!found) { response.writeHead(404); response.end(); return; }
  response.writeHead(200, { "content-type": found[0] });
  response.end(found[1]);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

const profile = mkdtempSync(join(tmpdir(), "chromium-exec-"));
const browser = spawn(process.env.CHROMIUM ?? "chromium", [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--remote-debugging-port=0",
  `--user-data-dir=${profile}`, "about:blank",
], { stdio: ["ignore", "ignore", "pipe"] });

let finished = false;
async function finish(code) {
  if (finished) return;
  finished = true;
  // A graceful close, so the browser reaps its own processes (and their CPU time reaches our parent).
  try { await send("Browser.close"); } catch {}
  if (browser.exitCode === null && browser.signalCode === null) await new Promise((resolve) => browser.once("exit", resolve));
  server.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  process.exit(code);
}
setTimeout(() => { process.stderr.write("chromium-exec: timed out\n"); finish(1); }, Number(process.env.TIMEOUT_MS ?? 600000));

const endpoint = await new Promise((resolve) => {
  let text = "";
  browser.stderr.on("data", (chunk) => {
    text += chunk;
    const match = text.match(/DevTools listening on (ws:\/\/\S+)/);
    if (match) resolve(match[1]);
  });
});
const socket = new WebSocket(endpoint);
await new Promise((resolve) => socket.addEventListener("open", resolve));
let nextId = 1;
const pending = new Map();
const format = (arg) => arg.value !== undefined ? String(arg.value) : arg.description ?? arg.type;
socket.addEventListener("message", (event) => {
  const message = JSON.parse(event.data);
  if (message.id && pending.has(message.id)) {
    pending.get(message.id)(message);
    pending.delete(message.id);
  } else if (message.method === "Runtime.consoleAPICalled") {
    const line = message.params.args.map(format).join(" ") + "\n";
    (message.params.type === "error" ? process.stderr : process.stdout).write(line);
  } else if (message.method === "Runtime.exceptionThrown") {
    process.stderr.write((message.params.exceptionDetails.exception?.description ?? message.params.exceptionDetails.text) + "\n");
  } else if (message.method === "Runtime.bindingCalled" && message.params.name === "gowasmExit") {
    finish(Number(message.params.payload) | 0);
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  socket.send(JSON.stringify({ id, method, params, sessionId }));
  return new Promise((resolve) => pending.set(id, resolve));
}

const { result: { targetId } } = await send("Target.createTarget", { url: "about:blank" });
const { result: { sessionId } } = await send("Target.attachToTarget", { targetId, flatten: true });
await send("Runtime.enable", {}, sessionId);
await send("Runtime.addBinding", { name: "gowasmExit" }, sessionId);
await send("Page.navigate", { url: `http://127.0.0.1:${server.address().port}/` }, sessionId);
