// Runs the fixture's Go program in this worker: the page sends the glue's and the wasm's URLs (their names
// are hashed by the build).
onmessage = async (event) => {
  importScripts(event.data.glue);
  const go = new Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch(event.data.wasm), go.importObject);
  go.run(instance);
};
