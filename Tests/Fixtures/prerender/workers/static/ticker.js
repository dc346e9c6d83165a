// Posts a tick every 20 ms until terminated.
let n = 0;
setInterval(() => postMessage(++n), 20);
