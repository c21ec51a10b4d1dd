// The live feed (/api/v1/ws): every session change and event as it happens. Reconnects with
// a growing delay (capped), and reports its state so the page can show it.
const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;

export class LiveFeed {
  constructor({ onMessage, onState, onOpen }) {
    this.onMessage = onMessage;
    this.onState = onState;
    this.onOpen = onOpen;
    this.delay = MIN_DELAY_MS;
    this.timer = null;
    this.socket = null;
    this.watching = '';
  }

  // Asks for one session's terminal output ('' stops); kept across reconnects.
  watch(sessionId) {
    this.watching = sessionId;
    if (this.socket && this.socket.readyState === WebSocket.OPEN)
      this.socket.send(JSON.stringify({ type: 'watch', session: sessionId }));
  }

  start() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/ws';
    this.onState('connecting');
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.delay = MIN_DELAY_MS;
      if (this.watching) this.watch(this.watching);
      this.onState('live');
      // The page reads the whole fleet once per connection (what changed while it was down),
      // never on a timer.
      this.onOpen();
    });
    socket.addEventListener('message', (message) => {
      let parsed;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return;
      }
      this.onMessage(parsed);
    });
    socket.addEventListener('close', () => {
      this.onState('offline', Math.round(this.delay / 1000));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.start(), this.delay);
      this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
    });
  }
}
