// The dashboard's one toolbar row: Refresh with progress and "last synced", the filters (children), and the colour counts.
import type { ReactNode } from "react";
import type { LightId, SyncProgress } from "../api";
import { Spinner } from "../components/Spinner";
import { LIGHTS, type LightCounts } from "./filter";
import { LIGHT_NAMES, lastSynced, progressWords } from "./format";

interface Props {
  refreshing: boolean;
  progress: SyncProgress | null;
  onRefresh: () => void;
  lastSyncedAt: string | null;
  now: Date;
  counts: LightCounts;
  lights: readonly LightId[];
  onToggleLight: (light: LightId) => void;
  /** Every account's API budget, one per line: the tooltip of "last synced". */
  budgets?: string;
  /** The filter bar, between the status and the colour counts. */
  children?: ReactNode;
}

export function Toolbar({ refreshing, progress, onRefresh, lastSyncedAt, now, counts, lights, onToggleLight, budgets = "", children }: Props) {
  return (
    <div className="dash-toolbar">
      <button type="button" className="button" data-testid="refresh" disabled={refreshing} onClick={onRefresh}>
        {refreshing && <Spinner />}
        Refresh
      </button>
      {/* Not a live region: "last synced" changes every minute; the page's status region speaks progress. */}
      <span className="dash-status">
        {refreshing && <span data-testid="refresh-progress">{progressWords(progress)}</span>}
        <span className="muted" data-testid="last-synced" title={[lastSyncedAt ?? "", budgets].filter(Boolean).join("\n") || undefined}>
          {lastSynced(lastSyncedAt, now)}
        </span>
      </span>
      {children ?? <span className="spacer" />}
      <div className="light-counts" role="group" aria-label="Show only these colours">
        {LIGHTS.map((light) => (
          <button
            key={light}
            type="button"
            className="count-button"
            data-testid={`count-${light}`}
            data-light={light}
            aria-pressed={lights.includes(light)}
            aria-label={`${LIGHT_NAMES[light]}: ${String(counts[light])}`}
            title={`Show only ${LIGHT_NAMES[light].toLowerCase()} pull requests (toggle)`}
            onClick={() => {
              onToggleLight(light);
            }}
          >
            <span className={`dot dot-${light}`} aria-hidden="true" />
            {counts[light]}
          </button>
        ))}
      </div>
    </div>
  );
}
