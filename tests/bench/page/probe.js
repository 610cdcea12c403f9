// Injected into the app's page by the bench (Playwright addInitScript) before the app's own code.
// Times are taken in the page: performance.now() (from navigation start) or Date.now() where the
// bench compares with a time taken in Node. "Frame" = the next requestAnimationFrame after the DOM
// change, i.e. the frame that paints it.
(() => {
  const bench = (window.__bench = { events: [], lastInput: {} });

  const byLabel = (test) => {
    for (const el of document.querySelectorAll('[role="treeitem"]')) if (test(el.getAttribute('aria-label') || '')) return el;
    return null;
  };

  /** Resolves when find() returns something, with the times it was seen and painted. */
  bench.waitFor = (find, timeoutMs = 30000) =>
    new Promise((resolve, reject) => {
      let observer = null;
      const timer = setTimeout(() => {
        observer?.disconnect();
        reject(new Error('timeout waiting in the page'));
      }, timeoutMs);
      const check = () => {
        if (!find()) return false;
        observer?.disconnect();
        clearTimeout(timer);
        const seenAt = performance.now();
        const seenWall = Date.now();
        requestAnimationFrame(() => resolve({ seenAt, frameAt: performance.now(), seenWall, frameWall: Date.now() }));
        return true;
      };
      if (check()) return;
      observer = new MutationObserver(check);
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label', 'aria-expanded'] });
    });

  bench.waitForLabel = (prefix, timeoutMs) => bench.waitFor(() => byLabel((l) => l.startsWith(prefix)), timeoutMs);
  bench.waitForNoLabel = (prefix, timeoutMs) => bench.waitFor(() => !byLabel((l) => l.startsWith(prefix)), timeoutMs);
  bench.waitForStatus = (text, timeoutMs) => bench.waitFor(() => document.querySelector('footer[role="status"]')?.textContent.includes(text), timeoutMs);
  bench.waitForMenu = (timeoutMs) => bench.waitFor(() => document.querySelector('[role="menu"]'), timeoutMs);
  bench.waitForNoMenu = (timeoutMs) => bench.waitFor(() => !document.querySelector('[role="menu"]'), timeoutMs);

  // When the page got the input that starts an interaction (event.timeStamp is on performance.now()'s clock).
  for (const type of ['dblclick', 'contextmenu', 'keydown']) {
    window.addEventListener(type, (event) => (bench.lastInput[type] = event.timeStamp), true);
  }

  // The first useful paint: the bench names the folder row to wait for before the page loads.
  if (window.__benchFirstPaintLabel) bench.firstPaint = bench.waitForLabel(window.__benchFirstPaintLabel, 60000);

  /** A second event stream beside the app's: when each stores:changed event arrives, and its size. */
  bench.listen = () =>
    new Promise((resolve) => {
      const source = new EventSource('/api/events');
      source.addEventListener('open', () => resolve(true));
      source.addEventListener('stores:changed', (event) => {
        const arrivedWall = Date.now();
        const data = JSON.parse(event.data);
        bench.events.push({ arrivedWall, parsedWall: Date.now(), file: data.file, type: data.type, bytes: event.data.length, entries: data.store?.entries?.length ?? null });
      });
    });

  /** Scrolls the tree by `step` px a frame for `frames` frames; frame intervals in ms. */
  bench.scroll = (frames, step) =>
    new Promise((resolve) => {
      const tree = document.querySelector('[role="tree"]');
      const stamps = [];
      const tick = (t) => {
        stamps.push(t);
        if (stamps.length > frames) {
          const intervals = stamps.slice(1).map((s, i) => s - stamps[i]);
          resolve({ intervals, scrolled: tree.scrollTop, height: tree.scrollHeight, rows: document.querySelectorAll('[role="treeitem"]').length });
          return;
        }
        tree.scrollTop += step;
        requestAnimationFrame(tick);
      };
      tree.scrollTop = 0;
      requestAnimationFrame(() => requestAnimationFrame(tick));
    });
})();
