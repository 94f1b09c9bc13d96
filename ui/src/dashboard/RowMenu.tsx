// A row's "More actions" menu (Details, Actions…, Snooze…, Pin, Mute, Open), drawn over the list so a row keeps one small button.
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from "react";
import type { PrRow } from "../api";

export interface RowMenuItem {
  /** The item's test id suffix (`menu-details`, …). */
  id: string;
  label: string;
  run: () => void;
}

/** The items of a row's menu, in order; the caller supplies what each does. */
export function rowMenuItems(
  row: PrRow,
  does: { details: () => void; actions: () => void; snooze: () => void; unsnooze: () => void; pin: () => void; mute: () => void; open: () => void },
): RowMenuItem[] {
  const t = row.triage;
  return [
    { id: "details", label: "Details", run: does.details },
    { id: "actions", label: "Actions…", run: does.actions },
    t.snoozed
      ? { id: "unsnooze", label: "Unsnooze", run: does.unsnooze }
      : { id: "snooze", label: "Snooze…", run: does.snooze },
    { id: "pin", label: t.pinned ? "Unpin" : "Pin", run: does.pin },
    { id: "mute", label: t.muted ? "Unmute repository" : "Mute repository", run: does.mute },
    { id: "open", label: "Open in browser", run: does.open },
  ];
}

interface Props {
  /** The button that opened it: the menu sits below (or above) it and gives it the focus back. */
  anchor: HTMLElement;
  label: string;
  items: readonly RowMenuItem[];
  onClose: () => void;
}

const WIDTH = 200;

export function RowMenu({ anchor, label, items, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);

  // Below the button, right-aligned to it; above it when there is no room below. Set on the node
  // before the first paint (no hidden first render: a hidden menu could not take the focus).
  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const r = anchor.getBoundingClientRect();
    const below = r.bottom + 4;
    const top = below + menu.offsetHeight > window.innerHeight ? Math.max(4, r.top - 4 - menu.offsetHeight) : below;
    menu.style.top = `${String(top)}px`;
    menu.style.left = `${String(Math.max(4, r.right - WIDTH))}px`;
  }, [anchor]);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    // A click elsewhere or a scroll of the list closes it (the row may scroll away).
    const away = (e: Event) => {
      if (e.target instanceof Node && (ref.current?.contains(e.target) || anchor.contains(e.target))) return;
      onClose();
    };
    document.addEventListener("mousedown", away, true);
    document.addEventListener("scroll", away, true);
    return () => {
      document.removeEventListener("mousedown", away, true);
      document.removeEventListener("scroll", away, true);
    };
  }, [anchor, onClose]);

  const close = (refocus: boolean) => {
    onClose();
    if (refocus) anchor.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = Array.from(ref.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? []);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => {
      e.preventDefault();
      all[(i + all.length) % all.length]?.focus();
    };
    if (e.key === "ArrowDown") go(at + 1);
    else if (e.key === "ArrowUp") go(at - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(all.length - 1);
    else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === "Tab") {
      e.preventDefault();
      close(true);
    }
  };

  // Rendered in the page (inside its main landmark), fixed to the viewport: a row's slot clips.
  return (
    <div
      ref={ref}
      className="row-menu"
      role="menu"
      aria-label={label}
      data-testid="row-menu"
      style={{ top: 0, left: 0, width: WIDTH }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="row-menu-item"
          data-testid={`menu-${item.id}`}
          onClick={() => {
            // The focus goes back to the row's button first: a dialog the item opens returns it there.
            onClose();
            anchor.focus({ preventScroll: true });
            item.run();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
