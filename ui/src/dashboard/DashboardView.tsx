// The dashboard with accounts, list first: one toolbar row, a one-line offline banner, chips only for what is wrong,
// the sectioned PR list with its row menu and detail panel, and one polite status region (filter count, Refresh).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { api, toApiError, type Dashboard, type Density, type LightId, type PrRow } from "../api";
import { AccountChips } from "./AccountChips";
import { FilterBar } from "./FilterBar";
import { findRow, NO_FILTERS, options, sortRows, stepRow, type Filters, type SectionId, type SortKey } from "./filter";
import { budgetList, capNotes, offlineWords, progressWords, refreshWords, shownWords } from "./format";
import { createViewer } from "./narrowing";
import { recordPerf, timed } from "./perf";
import { DetailPanel } from "./DetailPanel";
import { PrActionsDialog } from "./PrActionsDialog";
import { PrList } from "./PrList";
import { RowMenu, rowMenuItems } from "./RowMenu";
import { SHORTCUT_EVENT, type ShortcutAction } from "./shortcuts";
import { SnoozeMenu } from "./SnoozeMenu";
import { Toolbar } from "./Toolbar";
import type { DashboardHook } from "./useDashboard";
import { useNow } from "./useNow";

interface Props {
  data: Dashboard;
  hook: Pick<DashboardHook, "refreshing" | "progress" | "refresh" | "refreshError">;
  /** When the data arrived, for the first-render timing. */
  loadedAt: number;
  /** The section to open on (Settings > General); null until the settings are loaded. */
  startSection?: SectionId | null;
  /** Two-line or one-line rows (Settings > General). */
  density?: Density;
  /** Reviews requested only of my teams count as my turn (Settings > General). */
  teamsAreMine?: boolean;
}

export function DashboardView({
  data,
  hook,
  loadedAt,
  startSection = null,
  density = "comfortable",
  teamsAreMine = false,
}: Props) {
  const now = useNow(30_000);
  const [text, setText] = useState("");
  const [rest, setRest] = useState<Omit<Filters, "text">>(NO_FILTERS);
  const [sort, setSort] = useState<SortKey>("age");
  const [openError, setOpenError] = useState<string | null>(null);
  // The row whose Actions dialog is open, and the last action's result in words.
  const [acting, setActing] = useState<PrRow | null>(null);
  const [actionResult, setActionResult] = useState<string | null>(null);
  // The selected row (its list item key and PR id: a snoozed PR moves to another section), the
  // detail panel, the snooze menu, and the last triage result in words.
  const [selected, setSelected] = useState<{ key: string; id: string } | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const [snoozing, setSnoozing] = useState<PrRow | null>(null);
  // The row whose "More actions" menu is open, with its button.
  const [menu, setMenu] = useState<{ key: string; row: PrRow; button: HTMLElement } | null>(null);
  const [triageResult, setTriageResult] = useState<string | null>(null);
  const filterStart = useRef<number | null>(null);
  // The status region: the last message, and whether a Refresh started here is running.
  const [announcement, setAnnouncement] = useState("");
  const [ownRefresh, setOwnRefresh] = useState(false);
  const countChanged = useRef(false);
  // The list follows the text in the keystroke's own render: narrowing, a virtual list and memoised
  // rows keep that within a frame (deferring it cost a second render and a task per keystroke).
  const filters = useMemo(() => ({ ...rest, text }), [rest, text]);

  const sorted = useMemo(() => sortRows(data.rows, sort), [data.rows, sort]);
  const [viewer] = useState(createViewer);
  // The "Requested of my teams" block starts collapsed (issue 27).
  const [teamsOpen, setTeamsOpen] = useState(false);
  // Each section's "Hidden by rules" line starts closed (issue 29).
  const [hiddenOpen, setHiddenOpen] = useState<readonly SectionId[]>([]);
  const turns = useMemo(() => ({ teamsAreMine, teamsOpen, hiddenOpen }), [teamsAreMine, teamsOpen, hiddenOpen]);
  const toggleTeams = useCallback(() => {
    setTeamsOpen((open) => !open);
  }, []);
  const toggleHidden = useCallback((section: SectionId) => {
    setHiddenOpen((open) => (open.includes(section) ? open.filter((s) => s !== section) : [...open, section]));
  }, []);
  const dropRule = useCallback((id: string) => {
    api
      .removeExclusionRule(id)
      .then(() => {
        setAnnouncement("Rule dropped: its pull requests are back in their sections.");
      })
      .catch((e: unknown) => {
        setAnnouncement(toApiError(e).message);
      });
  }, []);
  // "filter-compute": the pure filter + grouping alone, next to "filter-apply" (input to DOM updated).
  const shown = useMemo(
    () => timed("filter-compute", () => viewer(sorted, filters, turns)),
    [sorted, filters, viewer, turns],
  );
  const choices = useMemo(() => options(data.rows), [data.rows]);
  const caps = useMemo(() => capNotes(data.accounts), [data.accounts]);

  // Timing: the first commit with data, and each filter change from its input event to the list's
  // commit ("filter-apply", layout effect: DOM updated, not painted yet) and to the frame that
  // paints it ("filter-paint", the next animation frame, which runs just before that paint).
  const firstRender = useRef(true);
  useLayoutEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      recordPerf("dashboard-first-render", performance.now() - loadedAt);
    } else if (filterStart.current !== null) {
      const start = filterStart.current;
      filterStart.current = null;
      recordPerf("filter-apply", performance.now() - start);
      requestAnimationFrame(() => {
        recordPerf("filter-paint", performance.now() - start);
      });
    }
    // `filters`: a keystroke that keeps the same rows reuses `shown` and is timed all the same.
  }, [shown, filters, loadedAt]);
  // The first keystroke should not pay for building 5,000 search texts: do it right after the frame
  // that shows the list.
  useEffect(() => {
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => {
        viewer.warm(sorted);
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [sorted, viewer]);

  const markFilter = useCallback((at?: number) => {
    // An event's time is on performance.now()'s clock; never later than now.
    filterStart.current ??= Math.min(at ?? Infinity, performance.now());
    countChanged.current = true;
  }, []);
  // A filter change is announced once its result is there; reloads of the data are not.
  const all = data.rows.length;
  useEffect(() => {
    if (!countChanged.current) return;
    countChanged.current = false;
    setAnnouncement(shownWords(shown.total, all));
  }, [shown, filters, all]);

  const { refresh } = hook;
  const refreshHere = useCallback(async () => {
    setOwnRefresh(true);
    const outcome = await refresh();
    setOwnRefresh(false);
    setAnnouncement(refreshWords(outcome));
  }, [refresh]);

  const patch = useCallback(
    (p: Partial<Filters>) => {
      markFilter();
      setRest((r) => ({ ...r, ...p }));
    },
    [markFilter],
  );
  const toggleLight = (light: LightId) => {
    markFilter();
    setRest((r) => ({
      ...r,
      lights: r.lights.includes(light) ? r.lights.filter((l) => l !== light) : [...r.lights, light],
    }));
  };

  const open = useCallback((row: PrRow) => {
    setOpenError(null);
    api.openUrl(row.url).catch((e: unknown) => {
      setOpenError(`Could not open ${row.url}: ${e instanceof Error ? e.message : String(e)}`);
    });
  }, []);

  const startActions = useCallback((row: PrRow) => {
    setActionResult(null);
    setActing(row);
  }, []);

  // Found per change of the items or the selection (not per render); nothing is walked while none is selected.
  const current = useMemo(() => (selected === null ? null : findRow(shown.items, selected)), [shown.items, selected]);
  const selectedKey = current?.item.key ?? null;

  const select = useCallback((key: string, row: PrRow) => {
    setSelected((s) => (s?.key === key ? s : { key, id: row.id }));
  }, []);
  const showDetails = useCallback((key: string, row: PrRow) => {
    setSelected({ key, id: row.id });
    setDetailOpen(true);
  }, []);
  const openMenu = useCallback((key: string, row: PrRow, button: HTMLElement) => {
    setMenu((m) => (m?.button === button ? null : { key, row, button }));
  }, []);
  const closeMenu = useCallback(() => {
    setMenu(null);
  }, []);

  const triage = useCallback(async (what: string, call: () => Promise<unknown>) => {
    try {
      await call();
      setTriageResult(what);
    } catch (e) {
      setTriageResult(`Could not change it: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, []);
  const ref = (row: PrRow) => `${row.repo}#${String(row.number)}`;
  const pin = useCallback(
    (row: PrRow) => {
      const on = !row.triage.pinned;
      void triage(`${on ? "Pinned" : "Unpinned"} ${ref(row)}.`, () =>
        api.setPinned(row.accountId, row.repo, row.number, on),
      );
    },
    [triage],
  );
  const mute = useCallback(
    (row: PrRow) => {
      const on = !row.triage.muted;
      void triage(`${on ? "Muted" : "Unmuted"} ${row.repo} on ${row.accountName}.`, () =>
        api.setMuted(row.accountId, row.repo, on),
      );
    },
    [triage],
  );
  const unsnooze = useCallback(
    (row: PrRow) => {
      void triage(`${ref(row)} is back.`, () => api.unsnoozePr(row.accountId, row.repo, row.number));
    },
    [triage],
  );

  // Shortcuts from the app shell (which already left out keys typed into fields and dialogs).
  const shortcut = useRef<(a: ShortcutAction) => void>(() => undefined);
  const onShortcut = (action: ShortcutAction) => {
    // From the selection one row on or back (staying at either end); from nothing, the first row.
    const move = (step: 1 | -1) => {
      const next = current ? (stepRow(shown.items, current.index, step) ?? current.item) : stepRow(shown.items, -1, 1);
      if (next) setSelected({ key: next.key, id: next.row.id });
    };
    const row = current?.item.row ?? null;
    if (action === "next") move(1);
    else if (action === "previous") move(-1);
    else if (action === "filter") document.querySelector<HTMLElement>("[data-testid='filter-text']")?.focus();
    else if (action === "refresh") {
      if (!hook.refreshing) void refreshHere();
    } else if (action === "detail") {
      if (row === null) move(1);
      setDetailOpen((o) => row === null || !o);
    } else if (row !== null) {
      if (action === "open") open(row);
      else if (action === "snooze") setSnoozing(row);
      else if (action === "pin") pin(row);
      else if (action === "mute") mute(row);
    }
  };
  useEffect(() => {
    shortcut.current = onShortcut;
  });
  useEffect(() => {
    const on = (e: Event) => {
      shortcut.current((e as CustomEvent<ShortcutAction>).detail);
    };
    window.addEventListener(SHORTCUT_EVENT, on);
    return () => {
      window.removeEventListener(SHORTCUT_EVENT, on);
    };
  }, []);

  const nothingYet = data.rows.length === 0 && data.lastSyncedAt === null;
  return (
    <div className="dashboard" data-testid="dashboard" data-density={density}>
      <Toolbar
        refreshing={hook.refreshing}
        progress={hook.progress}
        onRefresh={() => void refreshHere()}
        lastSyncedAt={data.lastSyncedAt}
        now={now}
        counts={shown.counts}
        lights={rest.lights}
        onToggleLight={toggleLight}
        budgets={budgetList(data.accounts)}
      >
        {!nothingYet && (
          <FilterBar
            text={text}
            onText={(t, at) => {
              markFilter(at);
              setText(t);
            }}
            filters={rest}
            onFilters={patch}
            sort={sort}
            onSort={setSort}
            options={choices}
            profile={data.profile?.name ?? null}
          >
            <span className="muted small dash-total" data-testid="shown-count">
              {shownWords(shown.total, all)}
            </span>
          </FilterBar>
        )}
      </Toolbar>
      <p className="sr-only" role="status" data-testid="dash-status">
        {ownRefresh ? progressWords(hook.progress) : announcement}
      </p>
      {data.offline && (
        <p className="notice warn offline-banner" data-testid="offline-banner">
          {offlineWords(data.lastSyncedAt, now)}
        </p>
      )}
      {hook.refreshError && (
        <p className="field-error" data-testid="refresh-error" data-code={hook.refreshError.code}>
          Refresh failed: {hook.refreshError.message}
        </p>
      )}
      {openError && (
        <p className="field-error" role="alert" data-testid="open-error">
          {openError}
        </p>
      )}
      {actionResult && (
        <p className="notice action-result" role="status" data-testid="action-result">
          {actionResult}
        </p>
      )}
      {triageResult && (
        <p className="notice action-result" role="status" data-testid="triage-result">
          {triageResult}
        </p>
      )}
      {snoozing && (
        <SnoozeMenu
          row={snoozing}
          onClose={() => {
            setSnoozing(null);
          }}
          onDone={(label) => {
            setSnoozing(null);
            setTriageResult(`Snoozed ${ref(snoozing)}: ${label.toLowerCase()}.`);
          }}
        />
      )}
      {acting && (
        <PrActionsDialog
          row={acting}
          onClose={() => {
            setActing(null);
          }}
          onDone={(result) => {
            setActing(null);
            const now = result.row ? `now ${result.row.light}` : "it left the open list";
            const resync = result.resyncError ? ` (could not refresh it: ${result.resyncError})` : "";
            setActionResult(`${result.message[0]?.toUpperCase() ?? ""}${result.message.slice(1)}; ${now}.${resync}`);
          }}
        />
      )}
      {menu && (
        <RowMenu
          anchor={menu.button}
          label={`More actions for ${menu.row.title}`}
          onClose={closeMenu}
          items={rowMenuItems(menu.row, {
            details: () => {
              showDetails(menu.key, menu.row);
            },
            actions: () => {
              startActions(menu.row);
            },
            snooze: () => {
              setSnoozing(menu.row);
            },
            unsnooze: () => {
              unsnooze(menu.row);
            },
            pin: () => {
              pin(menu.row);
            },
            mute: () => {
              mute(menu.row);
            },
            open: () => {
              open(menu.row);
            },
          })}
        />
      )}
      <AccountChips accounts={data.accounts} offline={data.offline} />
      {nothingYet ? (
        <section className="card" data-testid="dashboard-accounts-ready">
          <p>
            {data.accounts.length === 1 ? "1 account connected." : `${String(data.accounts.length)} accounts connected.`}{" "}
            Pull requests appear here after the first sync.
          </p>
        </section>
      ) : (
        <div className="dash-body">
          <PrList
            items={shown.items}
            now={now.getTime()}
            onOpen={open}
            onActions={startActions}
            startSection={startSection}
            caps={caps}
            selectedKey={selectedKey}
            onSelect={select}
            onMenu={openMenu}
            menuKey={menu?.key ?? null}
            density={density}
            onToggleBlock={toggleTeams}
            onToggleHidden={toggleHidden}
            onDropRule={dropRule}
          />
          {detailOpen && current && (
            <DetailPanel
              row={current.item.row}
              now={now.getTime()}
              onClose={() => {
                setDetailOpen(false);
              }}
              onOpen={open}
              onActions={startActions}
              onSnooze={setSnoozing}
              onPin={pin}
              onMute={mute}
              onUnsnooze={unsnooze}
            />
          )}
        </div>
      )}
    </div>
  );
}
