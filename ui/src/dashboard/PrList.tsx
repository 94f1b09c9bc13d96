// The virtualized list of section headers and rows (one ARIA list per section); opens on the default section; arrow keys move between rows.
import { useVirtualizer, type VirtualItem } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent } from "react";
import type { Density, PrRow } from "../api";
import type { ListItem, SectionId } from "./filter";
import { PrRowView } from "./PrRowView";

const NO_CAPS: Partial<Record<SectionId, string>> = {};

// Two-line rows (one-line when compact) and slim headers: a dozen rows fit the default window (issue 31).
const HEIGHTS: Record<Density, Record<ListItem["kind"], number>> = {
  comfortable: { header: 32, empty: 28, hidden: 28, row: 42 },
  compact: { header: 30, empty: 26, hidden: 26, row: 30 },
};

/** Where the headers and "Nothing here" lines sit, as text: equal texts, equal item positions. */
function layoutOf(items: readonly ListItem[]): string {
  const parts = [String(items.length)];
  items.forEach((item, i) => {
    if (item.kind !== "row") parts.push(`${String(i)}:${item.kind}`);
  });
  return parts.join(" ");
}

/**
 * The virtualizer's item sizes and keys for a layout. It measures every item again whenever its
 * getItemKey changes, so keys are indexes and the function changes only with the layout: a
 * keystroke that swaps rows for rows in the same places measures nothing.
 */
function sizing(layout: string, density: Density) {
  const height = HEIGHTS[density];
  const other = new Map<number, number>();
  for (const part of layout.split(" ").slice(1)) {
    const [index = "", kind = ""] = part.split(":");
    other.set(Number(index), kind === "header" ? height.header : height.empty);
  }
  return { estimateSize: (i: number) => other.get(i) ?? height.row, getItemKey: (i: number) => i };
}

/** The link of the row at `index` in the list, if it is rendered. */
function rowLink(root: HTMLElement | null, index: number): HTMLElement | null {
  return root?.querySelector<HTMLElement>(`[data-index="${String(index)}"] [data-testid="pr-title"]`) ?? null;
}

interface Props {
  items: readonly ListItem[];
  now: number;
  onOpen: (row: PrRow) => void;
  onActions: (row: PrRow) => void;
  /** Scrolled to (and its heading focused) once, when both it and the items are known. */
  startSection?: SectionId | null;
  /** Sections a forge cut short, with the words that say so. */
  caps?: Partial<Record<SectionId, string>>;
  /** The selected row's item key (shortcuts act on it); focused and scrolled to when it changes. */
  selectedKey?: string | null;
  /** A row got the focus (Tab, arrows, click): it becomes the selection. */
  onSelect?: (key: string, row: PrRow) => void;
  /** A row's "More actions" button: opens its menu below the button. */
  onMenu?: (key: string, row: PrRow, button: HTMLElement) => void;
  /** The item key of the row whose menu is open. */
  menuKey?: string | null;
  /** The rows' height: two lines, or one when compact. */
  density?: Density;
  /** Opens or closes a collapsible block ("Requested of my teams"). */
  onToggleBlock?: () => void;
  /** Opens or closes a section's "Hidden by rules" line (issue 29). */
  onToggleHidden?: (section: SectionId) => void;
  /** Drops the exclusion rule `id` (from a hidden row). */
  onDropRule?: (id: string) => void;
}

// Memoised: renders of the page that leave the items alone (a refresh's progress) skip the list.
export const PrList = memo(function PrList({
  items,
  now,
  onOpen,
  onActions,
  startSection = null,
  caps = NO_CAPS,
  selectedKey = null,
  onSelect,
  onMenu,
  menuKey = null,
  density = "comfortable",
  onToggleBlock,
  onToggleHidden,
  onDropRule,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const layout = useMemo(() => layoutOf(items), [items]);
  const { estimateSize, getItemKey } = useMemo(() => sizing(layout, density), [layout, density]);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    getItemKey,
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

  /** Scrolls the row at `index` into view and focuses its link, now or once it is rendered. */
  const focusRow = useCallback(
    (index: number) => {
      virtualizer.scrollToIndex(index, { align: "auto" });
      const el = rowLink(scroller.current, index);
      pendingFocus.current = el ? null : index;
      el?.focus();
    },
    [virtualizer],
  );

  // After arrow keys scrolled a row into the rendered range, focus it.
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const el = rowLink(scroller.current, pendingFocus.current);
    if (el) {
      pendingFocus.current = null;
      el.focus();
    }
  });

  // A selection made elsewhere (j/k, Details) scrolls its row into view and focuses its link.
  // Only a new selection moves focus: a filter keystroke changing the items must not steal it.
  const shownKey = useRef<string | null>(null);
  useEffect(() => {
    if (selectedKey === null || selectedKey === shownKey.current) return;
    const index = items.findIndex((i) => i.key === selectedKey);
    if (index < 0) return;
    shownKey.current = selectedKey;
    // Focus already in that row (its link, or its Details button being clicked): leave it, and
    // never scroll the row away from under the pointer between mousedown and click.
    if (rowLink(scroller.current, index)?.closest("[data-testid='pr-row']")?.contains(document.activeElement)) return;
    focusRow(index);
  }, [selectedKey, items, focusRow]);

  // Rows are keyed by their place in the list, so new items patch the rendered rows in place (a
  // filter keystroke mounts none). A focused row whose place now shows another pull request (a
  // refresh or a pin moved the selected one) hands the focus on to the selected one's row.
  useLayoutEffect(() => {
    const row = document.activeElement?.closest<HTMLElement>("[data-testid='pr-row']");
    if (!row || selectedKey === null || !scroller.current?.contains(row)) return;
    if (`${row.dataset.section ?? ""}:${row.dataset.prId ?? ""}` === selectedKey) return;
    const index = items.findIndex((i) => i.key === selectedKey);
    if (index >= 0) focusRow(index);
  }, [items, selectedKey, focusRow]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const current = (e.target as HTMLElement).closest<HTMLElement>("[data-testid='pr-row']");
    if (!current) return;
    const step = e.key === "ArrowDown" ? 1 : -1;
    let next = Number(current.dataset.index) + step;
    while (next >= 0 && next < items.length && items[next]?.kind !== "row") next += step;
    if (next < 0 || next >= items.length) return;
    e.preventDefault();
    focusRow(next);
  };

  const slot = (v: VirtualItem, item: ListItem) => {
    const style = { transform: `translateY(${String(v.start)}px)`, height: v.size };
    if (item.kind === "row") {
      const key = item.key;
      return (
        <div
          key={v.key}
          className="pr-slot"
          style={style}
          role="listitem"
          aria-setsize={item.size}
          aria-posinset={item.position}
          data-testid="pr-item"
          onFocus={() => onSelect?.(key, item.row)}
        >
          <PrRowView
            row={item.row}
            section={item.section}
            index={v.index}
            now={now}
            onOpen={onOpen}
            onActions={onActions}
            rowKey={key}
            selected={key === selectedKey}
            onMenu={onMenu}
            menuOpen={key === menuKey}
            onDropRule={item.hidden ? onDropRule : undefined}
          />
        </div>
      );
    }
    if (item.kind === "hidden") {
      const section = item.section;
      return (
        <div key={item.key} className="pr-slot" style={style}>
          <p className="muted section-hidden">
            <button
              type="button"
              className="link-button"
              aria-expanded={item.open}
              data-testid="hidden-toggle"
              data-section={section}
              data-count={item.count}
              onClick={() => onToggleHidden?.(section)}
            >
              Hidden by rules ({item.count})
            </button>
          </p>
        </div>
      );
    }
    return (
      <div key={item.key} className="pr-slot" style={style}>
        {item.kind === "header" ? (
          <h2
            className="section-heading"
            data-testid={`section-${item.section}`}
            data-count={item.count}
            data-default={item.section === startSection ? "true" : undefined}
            tabIndex={-1}
          >
            {item.title} <span className="section-count">{item.count}</span>
            {item.open !== undefined && (
              <button
                type="button"
                className="link-button section-toggle"
                aria-expanded={item.open}
                data-testid={`toggle-${item.section}`}
                onClick={onToggleBlock}
              >
                {item.open ? "Hide" : "Show"}
              </button>
            )}
            {caps[item.section] && (
              <span className="section-cap" data-testid="section-cap" data-section={item.section}>
                {caps[item.section]}
              </span>
            )}
          </h2>
        ) : (
          <p className="muted section-empty" data-testid="section-empty" data-section={item.section}>
            Nothing here
          </p>
        )}
      </div>
    );
  };

  return (
    <div className="pr-scroll" ref={scroller} data-testid="pr-list" onKeyDown={onKeyDown}>
      <div className="pr-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {segments(virtualizer.getVirtualItems(), items).map((seg) =>
          seg.kind === "single" ? (
            slot(seg.v, seg.item)
          ) : (
            <div key={`list:${seg.section}`} role="list" aria-label={seg.title} data-testid="pr-section-list">
              {seg.rows.map(({ v, item }) => slot(v, item))}
            </div>
          ),
        )}
      </div>
    </div>
  );
});

interface Rendered {
  v: VirtualItem;
  item: ListItem;
}
type Segment =
  | ({ kind: "single" } & Rendered)
  | { kind: "list"; section: SectionId; title: string; rows: Rendered[] };

/**
 * The rendered items with each section's consecutive rows gathered into one list (aria-setsize on
 * the rows tells a screen reader the section's full length although only the rows in view exist);
 * headings and "Nothing here" stay outside the lists.
 */
function segments(virtual: readonly VirtualItem[], items: readonly ListItem[]): Segment[] {
  const out: Segment[] = [];
  for (const v of virtual) {
    const item = items[v.index];
    if (!item) continue;
    const last = out[out.length - 1];
    if (item.kind !== "row") out.push({ kind: "single", v, item });
    else if (last?.kind === "list" && last.section === item.section) last.rows.push({ v, item });
    else out.push({ kind: "list", section: item.section, title: item.title, rows: [{ v, item }] });
  }
  return out;
}
