// The dashboard toolbar: Refresh with progress, "last synced", and the colour counts that toggle colour filters.
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
}

export function Toolbar({ refreshing, progress, onRefresh, lastSyncedAt, now, counts, lights, onToggleLight }: Props) {
  return (
    <div className="dash-toolbar">
      <button type="button" className="button" data-testid="refresh" disabled={refreshing} onClick={onRefresh}>
        {refreshing && <Spinner />}
        Refresh
      </button>
      {/* Not a live region: "last synced" changes every minute; the page's status region speaks progress. */}
      <span className="dash-status">
        {refreshing && <span data-testid="refresh-progress">{progressWords(progress)}</span>}
        <span className="muted" data-testid="last-synced" title={lastSyncedAt ?? undefined}>
          {lastSynced(lastSyncedAt, now)}
        </span>
      </span>
      <span className="spacer" />
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
