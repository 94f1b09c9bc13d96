// One pull request row in two lines (the title; reasons, tags and facts) and one "More actions" button, so titles keep the width.
import { memo, useId } from "react";
import type { PrRow } from "../api";
import { age, ciSpeech, lightLabel, reviewWords, rowDescription, turnWords } from "./format";
import { wakeWords } from "./triageWords";

interface Props {
  row: PrRow;
  section: string;
  index: number;
  now: number;
  onOpen: (row: PrRow) => void;
  /** Opens the Actions dialog (the row's button, its context menu, or Shift+F10 / the menu key on its title). */
  onActions: (row: PrRow) => void;
  /** The row the keyboard shortcuts act on. */
  selected?: boolean;
  /** The row's item key in the list (a PR can be in several sections), handed to onDetails. */
  rowKey: string;
  /** Opens the row's "More actions" menu (Details, Actions…, Snooze…, Pin, Mute, Open) below `button`. */
  onMenu?: (key: string, row: PrRow, button: HTMLElement) => void;
  /** Whether this row's menu is open. */
  menuOpen?: boolean;
  /** On a row an exclusion rule hides (shown under "Hidden by rules"): drops a rule. */
  onDropRule?: (id: string) => void;
}

function Ci({ ci }: { ci: PrRow["ci"] }) {
  const none = ci.passed + ci.failed + ci.running === 0;
  return (
    <span className="pr-ci" data-testid="pr-ci" role="img" aria-label={ciSpeech(ci)}>
      {none ? (
        <span className="muted">no checks</span>
      ) : (
        <>
          <span className={ci.passed ? "ci-pass" : "ci-zero"}>✓ {ci.passed}</span>{" "}
          <span className={ci.failed ? "ci-fail" : "ci-zero"}>✗ {ci.failed}</span>{" "}
          <span className={ci.running ? "ci-run" : "ci-zero"}>● {ci.running}</span>
        </>
      )}
    </span>
  );
}

function TriageTags({ triage, now }: { triage: PrRow["triage"]; now: number }) {
  return (
    <>
      {triage.pinned && <span className="badge badge-neutral" data-testid="pr-pinned">Pinned</span>}
      {triage.muted && <span className="badge badge-neutral" data-testid="pr-muted">Muted</span>}
      {triage.snoozed && (
        <span className="badge badge-neutral" data-testid="pr-snoozed">
          Snoozed, {wakeWords(triage, now)}
        </span>
      )}
    </>
  );
}

function Reviews({ row }: { row: PrRow }) {
  const bad = row.changesRequestedBy.length > 0;
  return (
    <span className={bad ? "pr-review bad" : "pr-review"} data-testid="pr-review">
      {reviewWords(row)}
    </span>
  );
}

// Memoised: scrolling and the urgent half of a keystroke re-render the list but not unchanged rows.
// The title is the row's link: named by its visible text (what voice control users say), described
// by the light and reasons, tags, repo, author, age, CI, reviews and account (rowDescription, plain
// text every browser reads alike). A click anywhere on the row (screen readers in browse mode and
// voice control click the link), Enter on the link, or a double-click opens the pull request once.
export const PrRowView = memo(function PrRowView({
  row,
  section,
  index,
  now,
  onOpen,
  onActions,
  rowKey,
  selected = false,
  onMenu,
  menuOpen = false,
  onDropRule,
}: Props) {
  const id = useId();
  const t = row.triage;
  const hasTags = row.draft || row.conflict || row.labels.length > 0 || t.pinned || t.muted || t.snoozed;
  return (
    <div
      className={`pr-row pr-${row.light}${selected ? " pr-selected" : ""}`}
      data-selected={selected ? "true" : undefined}
      data-testid="pr-row"
      data-light={row.light}
      data-pr-id={row.id}
      data-section={section}
      data-index={index}
      onClick={(e) => {
        // Never navigate the app's own window; the pull request opens in the browser.
        e.preventDefault();
        // The second click of a double-click must not open it twice.
        if (e.detail > 1) return;
        onOpen(row);
      }}
      onContextMenu={(e) => {
        e.preventDefault();
        onActions(row);
      }}
    >
      <span className={`dot dot-${row.light}`} role="img" aria-label={lightLabel(row)} data-testid="pr-light" />
      <span hidden id={`${id}-description`} data-testid="pr-description">
        {rowDescription(row, now)}
      </span>
      <div className="pr-main">
        <p className="pr-line1">
          <a
            className="pr-title"
            href={row.url}
            // WKWebView (macOS) leaves links out of the Tab order unless they have a tabindex.
            tabIndex={0}
            data-testid="pr-title"
            aria-describedby={`${id}-description`}
            aria-keyshortcuts="Shift+F10"
            onKeyDown={(e) => {
              if (e.key === "ContextMenu" || (e.key === "F10" && e.shiftKey)) {
                e.preventDefault();
                onActions(row);
              }
            }}
          >
            {row.title}
          </a>
        </p>
        <p className="pr-line2">
          {row.turn && (
            <span className={`pr-turn pr-turn-${row.turn.kind}`} data-testid="pr-turn" data-turn={row.turn.kind}>
              {turnWords(row.turn, now)}
            </span>
          )}
          {/* Always there (empty for a green row without reasons): tests and readers find it in every row. */}
          <span className="pr-reasons" data-testid="pr-reasons">
            {row.reasons.join(" · ")}
          </span>
          {row.automation && (
            <span className="pr-automation" data-testid="pr-automation">
              {row.automation}
            </span>
          )}
          {onDropRule && row.hiddenBy.length > 0 && (
            <span className="pr-hidden-by" data-testid="pr-hidden-by">
              hidden by {row.hiddenBy.map((h) => h.words).join(", ")}{" "}
              {row.hiddenBy.map((h) => (
                <button
                  key={h.id}
                  type="button"
                  className="link-button"
                  data-testid="drop-rule"
                  data-rule={h.id}
                  onClick={(e) => {
                    // The row opens its pull request on a click: not this one.
                    e.stopPropagation();
                    e.preventDefault();
                    onDropRule(h.id);
                  }}
                >
                  Drop rule “{h.words}”
                </button>
              ))}
            </span>
          )}
          {hasTags && (
            <span className="pr-tags">
              <TriageTags triage={t} now={now} />
              {row.draft && <span className="badge badge-neutral" data-testid="pr-draft">Draft</span>}
              {row.conflict && <span className="badge badge-bad" data-testid="pr-conflict">Conflict</span>}
              {row.labels.map((label, i) => (
                <span key={`${String(i)}:${label}`} className="pr-label" data-testid="pr-label">
                  {label}
                </span>
              ))}
            </span>
          )}
          <span className="pr-meta muted">
            <span data-testid="pr-ref">
              {row.repo}#{row.number}
            </span>
            {" · "}
            <span data-testid="pr-author">{row.author}</span>
            {" · "}
            <span data-testid="pr-age" title={`opened ${row.createdAt}, updated ${row.updatedAt}`}>
              {age(row.createdAt, now)}
            </span>
            {" · "}
            <Ci ci={row.ci} />
            {" · "}
            <Reviews row={row} />
            <span className="pr-account"> · {row.accountName}</span>
          </span>
        </p>
      </div>
      {onMenu && (
        <button
          type="button"
          className="pr-more"
          data-testid="pr-more"
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          aria-label={`More actions for ${row.title}`}
          title="More actions (Details, Actions…, Snooze…, Pin, Mute, Open)"
          onClick={(e) => {
            e.stopPropagation();
            onMenu(rowKey, row, e.currentTarget);
          }}
        >
          <span aria-hidden="true">⋯</span>
        </button>
      )}
    </div>
  );
});
