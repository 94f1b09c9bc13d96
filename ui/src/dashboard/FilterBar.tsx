// The filter box, and the provider, account and repo filters plus the sort order folded into one Filters popover.
import { memo, useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { ProviderId } from "../api";
import type { Filters, SortKey } from "./filter";
import { forgeName } from "./format";

interface Props {
  text: string;
  /** The new text, and when its input event happened (event time, for the keystroke timing). */
  onText: (text: string, at: number) => void;
  filters: Omit<Filters, "text">;
  onFilters: (patch: Partial<Filters>) => void;
  sort: SortKey;
  onSort: (sort: SortKey) => void;
  options: { accounts: { id: string; name: string }[]; repos: string[]; providers: ProviderId[] };
  /** Shown at the end of the bar ("212 pull requests of 5000"). */
  children?: ReactNode;
  /** The Focus profile in effect (issue 29): the bar offers to show only its pull requests. */
  profile?: string | null;
}

export function FilterBar({ text, onText, children, profile = null, ...rest }: Props) {
  return (
    <div className="dash-filters" role="search">
      <input
        type="search"
        className="filter-text"
        data-testid="filter-text"
        aria-label="Filter pull requests"
        placeholder="Filter: title, repo, author…"
        value={text}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          onText(e.target.value, e.timeStamp);
        }}
      />
      <FiltersPopover {...rest} />
      {profile !== null && (
        <button
          type="button"
          className={rest.filters.profileOnly ? "filters-button active" : "filters-button"}
          data-testid="profile-only"
          aria-pressed={rest.filters.profileOnly ?? false}
          title="Show only the pull requests of the profile the tray and notifications follow"
          onClick={() => {
            rest.onFilters({ profileOnly: !(rest.filters.profileOnly ?? false) });
          }}
        >
          Only {profile}
        </button>
      )}
      {children}
    </div>
  );
}

type SelectsProps = Omit<Props, "text" | "onText" | "children">;

/** How many of the selects differ from their default ("All …", newest first). */
function changed({ filters, sort }: Pick<SelectsProps, "filters" | "sort">): number {
  return [filters.provider !== "", filters.accountId !== "", filters.repo !== "", sort !== "age"].filter(Boolean).length;
}

/**
 * A disclosure button (its label says how many are set) and the selects below it; Escape or a click
 * elsewhere closes it, the focus going back to the button when it was inside.
 */
function FiltersPopover(props: SelectsProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const set = changed(props);
  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>("select")?.focus();
    const away = (e: MouseEvent) => {
      if (e.target instanceof Node && (panel.current?.contains(e.target) || button.current?.contains(e.target))) return;
      setOpen(false);
    };
    document.addEventListener("mousedown", away, true);
    return () => {
      document.removeEventListener("mousedown", away, true);
    };
  }, [open]);
  return (
    <div className="filters-popover-wrap">
      <button
        ref={button}
        type="button"
        className={set > 0 ? "filters-button active" : "filters-button"}
        data-testid="filters-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          setOpen((o) => !o);
        }}
      >
        {set > 0 ? `Filters (${String(set)})` : "Filters"}
      </button>
      {open && (
        <div
          ref={panel}
          id={id}
          className="filters-popover"
          data-testid="filters-popover"
          role="group"
          aria-label="Filters and sort order"
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.preventDefault();
            e.stopPropagation();
            setOpen(false);
            button.current?.focus();
          }}
        >
          <Selects {...props} />
        </div>
      )}
    </div>
  );
}

// Memoised: a keystroke must not re-render hundreds of repository options.
const Selects = memo(function Selects({ filters, onFilters, sort, onSort, options }: SelectsProps) {
  return (
    <>
      <select
        data-testid="filter-provider"
        aria-label="Provider"
        value={filters.provider}
        onChange={(e) => {
          onFilters({ provider: e.target.value as ProviderId | "" });
        }}
      >
        <option value="">All providers</option>
        {options.providers.map((p) => (
          <option key={p} value={p}>
            {forgeName(p)}
          </option>
        ))}
      </select>
      <select
        data-testid="filter-account"
        aria-label="Account"
        value={filters.accountId}
        onChange={(e) => {
          onFilters({ accountId: e.target.value });
        }}
      >
        <option value="">All accounts</option>
        {options.accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <select
        data-testid="filter-repo"
        aria-label="Repository"
        value={filters.repo}
        onChange={(e) => {
          onFilters({ repo: e.target.value });
        }}
      >
        <option value="">All repositories</option>
        {options.repos.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <select
        data-testid="sort"
        aria-label="Sort by"
        value={sort}
        onChange={(e) => {
          onSort(e.target.value as SortKey);
        }}
      >
        <option value="age">Newest first</option>
        <option value="colour">Colour (red first)</option>
        <option value="repo">Repository</option>
      </select>
    </>
  );
});
