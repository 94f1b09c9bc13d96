// The virtualized list of section headers and rows; opens on the default section; arrow keys move between rows.
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef, type KeyboardEvent } from "react";
import type { PrRow } from "../api";
import type { ListItem, SectionId } from "./filter";
import { PrRowView } from "./PrRowView";

const NO_CAPS: Partial<Record<SectionId, string>> = {};

const HEIGHT: Record<ListItem["kind"], number> = { header: 44, empty: 36, row: 78 };

function itemKey(item: ListItem): string {
  return item.kind === "row" ? `${item.section}:${item.row.id}` : `${item.kind}:${item.section}`;
}

interface Props {
  items: readonly ListItem[];
  now: number;
  onOpen: (row: PrRow) => void;
  /** Scrolled to (and its heading focused) once, when both it and the items are known. */
  startSection?: SectionId | null;
  /** Sections a forge cut short, with the words that say so. */
  caps?: Partial<Record<SectionId, string>>;
}

// Memoised: the urgent render of a keystroke (old deferred text) leaves the list alone.
export const PrList = memo(function PrList({ items, now, onOpen, startSection = null, caps = NO_CAPS }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => HEIGHT[items[i]?.kind ?? "row"],
    getItemKey: (i) => {
      const item = items[i];
      return item ? itemKey(item) : i;
    },
    overscan: 10,
  });

  // Open on the default section once: scroll its header to the top, then focus it once rendered.
  const started = useRef(false);
  const pendingHeading = useRef<SectionId | null>(null);
  useEffect(() => {
    if (started.current || startSection === null || items.length === 0) return;
    started.current = true;
    const index = items.findIndex((i) => i.kind === "header" && i.section === startSection);
    if (index <= 0) return;
    virtualizer.scrollToIndex(index, { align: "start" });
    pendingHeading.current = startSection;
  }, [startSection, items, virtualizer]);
  useEffect(() => {
    const section = pendingHeading.current;
    if (section === null) return;
    const heading = scroller.current?.querySelector<HTMLElement>(`[data-testid="section-${section}"]`);
    if (!heading) return;
    pendingHeading.current = null;
    // Never steal focus from something the user is using (the page title after navigation is fine).
    const active = document.activeElement;
    if (active === null || active === document.body || active.matches("[data-testid='page-title']")) {
      heading.focus({ preventScroll: true });
    }
  });

  // After arrow keys scrolled a row into the rendered range, focus it.
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${String(pendingFocus.current)}"]`);
    if (el) {
      pendingFocus.current = null;
      el.focus();
    }
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const current = (e.target as HTMLElement).closest<HTMLElement>("[data-testid='pr-row']");
    if (!current) return;
    const step = e.key === "ArrowDown" ? 1 : -1;
    let next = Number(current.dataset.index) + step;
    while (next >= 0 && next < items.length && items[next]?.kind !== "row") next += step;
    if (next < 0 || next >= items.length) return;
    e.preventDefault();
    pendingFocus.current = next;
    virtualizer.scrollToIndex(next, { align: "auto" });
    const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${String(next)}"]`);
    if (el) {
      pendingFocus.current = null;
      el.focus();
    }
  };

  return (
    <div className="pr-scroll" ref={scroller} data-testid="pr-list" onKeyDown={onKeyDown}>
      <div className="pr-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const item = items[v.index];
          if (!item) return null;
          const style = { transform: `translateY(${String(v.start)}px)`, height: v.size };
          return (
            <div key={v.key} className="pr-slot" style={style}>
              {item.kind === "header" && (
                <h2
                  className="section-heading"
                  data-testid={`section-${item.section}`}
                  data-count={item.count}
                  data-default={item.section === startSection ? "true" : undefined}
                  tabIndex={-1}
                >
                  {item.title} <span className="section-count">{item.count}</span>
                  {caps[item.section] && (
                    <span className="section-cap" data-testid="section-cap" data-section={item.section}>
                      {caps[item.section]}
                    </span>
                  )}
                </h2>
              )}
              {item.kind === "empty" && (
                <p className="muted section-empty" data-testid="section-empty" data-section={item.section}>
                  Nothing here
                </p>
              )}
              {item.kind === "row" && (
                <PrRowView row={item.row} section={item.section} index={v.index} now={now} onOpen={onOpen} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
});
