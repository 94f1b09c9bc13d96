// Benchmark environment: the list's scroll box gets a realistic 800 px window (jsdom lays nothing out).
for (const [prop, size] of Object.entries({ clientHeight: 800, clientWidth: 1100 })) {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop);
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement): number {
      if (this.classList.contains("pr-scroll")) return size;
      return (original?.get?.call(this) as number | undefined) ?? 0;
    },
  });
}
