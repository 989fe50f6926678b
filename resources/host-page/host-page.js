// The minimal renderer: proves a real round trip through the API (getAppInfo, listStudies) over whichever
// transport is present: window.ecg from the Electron preload, or the browser host's WebSocket with the token.

function webSocketBridge() {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const socket = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
  const opened = new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('close', () => reject(new Error('the application refused the connection (is the token in the address?)')), { once: true });
  });
  const pending = new Map();
  let nextId = 1;
  socket.addEventListener('message', (e) => {
    const msg = JSON.parse(e.data);
    const call = pending.get(msg.id);
    if (!call) return;
    pending.delete(msg.id);
    if ('error' in msg) call.reject(new Error(`[${msg.error.code}] ${msg.error.message}`));
    else call.resolve(msg.result);
  });
  return {
    async invoke(method, args) {
      await opened;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, args }));
      });
    },
  };
}

const show = (id, text) => { document.getElementById(id).textContent = text; };

async function main() {
  const api = window.ecg ?? webSocketBridge();
  const info = await api.invoke('getAppInfo', {});
  show('version', info.version);
  show('data-dir', info.dataDir);
  show('db-path', info.dbPath);
  const page = await api.invoke('listStudies', { limit: 1 });
  show('study-count', String(page.total));
  document.getElementById('facts').hidden = false;
  show('status', 'Connected.');
}

main().catch((e) => {
  const status = document.getElementById('status');
  status.textContent = `Not connected: ${e.message}`;
  status.classList.add('error');
});
