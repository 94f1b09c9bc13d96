// Attaches Tauri event listeners, then has the caller read the backend: an event emitted while `listen` was in flight is never heard.

/**
 * Waits for every pending `listen` and then calls `attached` (once, also when one of them failed),
 * so state read there cannot predate an event the page missed. Answers the cleanup: it detaches
 * the listeners, also those still being attached, and cancels `attached`.
 */
export function attachThenRead(pending: readonly Promise<() => void>[], attached: () => void): () => void {
  let cancelled = false;
  const stops: (() => void)[] = [];
  const each = pending.map((p) =>
    p.then(
      (stop) => {
        if (cancelled) stop();
        else stops.push(stop);
      },
      () => undefined,
    ),
  );
  void Promise.all(each).then(() => {
    if (!cancelled) attached();
  });
  return () => {
    cancelled = true;
    for (const stop of stops) stop();
  };
}
