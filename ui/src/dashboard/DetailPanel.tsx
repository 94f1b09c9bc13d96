// The detail panel of the selected pull request, from the cache: every check (failing first, linked to its
// page), reviewers, requested reviewers, labels, branches, mergeability, age, and its triage and actions.
import { useEffect, useId, useState } from "react";
import { api, toApiError, type PrDetail, type PrRow } from "../api";
import { ExternalLink } from "../components/ExternalLink";
import { ageAgo } from "./format";
import { stateWords, wakeWords } from "./triageWords";

interface Props {
  row: PrRow;
  now: number;
  onClose: () => void;
  onOpen: (row: PrRow) => void;
  onActions: (row: PrRow) => void;
  onSnooze: (row: PrRow) => void;
  onPin: (row: PrRow) => void;
  onMute: (row: PrRow) => void;
  onUnsnooze: (row: PrRow) => void;
}

export function DetailPanel({ row, now, onClose, onOpen, onActions, onSnooze, onPin, onMute, onUnsnooze }: Props) {
  const titleId = useId();
  // The last answer, for the row it was asked for (a newer selection ignores older answers).
  const [answer, setAnswer] = useState<{ id: string; detail: PrDetail | null; error: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    api.prDetail(row.accountId, row.repo, row.number).then(
      (detail) => {
        if (live) setAnswer({ id: row.id, detail, error: null });
      },
      (e: unknown) => {
        if (live) setAnswer({ id: row.id, detail: null, error: toApiError(e).message });
      },
    );
    return () => {
      live = false;
    };
  }, [row]);
  const mine = answer?.id === row.id ? answer : null;
  const shown = mine?.detail ?? null;
  const error = mine?.error ?? null;
  const t = row.triage;
  return (
    <section className="detail-panel" aria-labelledby={titleId} data-testid="detail-panel" data-pr-id={row.id}>
      <div className="detail-head">
        <h2 id={titleId} className="detail-title">
          {row.title}
        </h2>
        <button type="button" className="button" data-testid="detail-close" onClick={onClose}>
          Close details
        </button>
      </div>
      <p className="muted">
        {row.repo}#{row.number} · {row.author} · {row.accountName}
        {shown?.sourceBranch && shown.targetBranch && (
          <span data-testid="detail-branches">
            {" · "}
            {shown.sourceBranch} → {shown.targetBranch}
          </span>
        )}
      </p>
      <p className="detail-light" data-testid="detail-light">
        {row.light}
        {row.reasons.length > 0 ? `: ${row.reasons.join(" · ")}` : ""}
      </p>
      <div className="detail-buttons">
        <button type="button" className="button" data-testid="detail-open" onClick={() => { onOpen(row); }}>
          Open
        </button>
        <button type="button" className="button" data-testid="detail-actions" aria-haspopup="dialog" onClick={() => { onActions(row); }}>
          Actions…
        </button>
        {t.snoozed ? (
          <button type="button" className="button" data-testid="detail-unsnooze" onClick={() => { onUnsnooze(row); }}>
            Unsnooze
          </button>
        ) : (
          <button type="button" className="button" data-testid="detail-snooze" aria-haspopup="dialog" onClick={() => { onSnooze(row); }}>
            Snooze…
          </button>
        )}
        <button type="button" className="button" data-testid="detail-pin" aria-pressed={t.pinned} onClick={() => { onPin(row); }}>
          Pin
        </button>
        <button type="button" className="button" data-testid="detail-mute" aria-pressed={t.muted} onClick={() => { onMute(row); }}>
          Mute repository
        </button>
      </div>
      <dl className="detail-facts">
        {t.snoozed && (
          <>
            <dt>Snoozed</dt>
            <dd data-testid="detail-snoozed">{wakeWords(t, now)}</dd>
          </>
        )}
        <dt>Mergeability</dt>
        <dd data-testid="detail-merge">{shown ? stateWords(shown.mergeability) : "…"}</dd>
        {row.automation && (
          <>
            <dt>Merging</dt>
            <dd data-testid="detail-automation">{row.automation}</dd>
          </>
        )}
        <dt>Opened</dt>
        <dd>{ageAgo(row.createdAt, now)}</dd>
        <dt>Last update</dt>
        <dd>{ageAgo(row.updatedAt, now)}</dd>
        <dt>Labels</dt>
        <dd data-testid="detail-labels">{row.labels.length > 0 ? row.labels.join(", ") : "none"}</dd>
        <dt>Requested reviewers</dt>
        <dd data-testid="detail-requested">
          {shown && shown.requestedReviewers.length > 0 ? shown.requestedReviewers.join(", ") : "none"}
        </dd>
      </dl>
      {error && (
        <p className="field-error" role="alert" data-testid="detail-error">
          {error}
        </p>
      )}
      {shown && (
        <>
          <h3>Checks</h3>
          {shown.checks.length === 0 ? (
            <p className="muted" data-testid="detail-no-checks">
              {shown.combined ? `CI ${stateWords(shown.combined)} (no checks listed by name)` : "No checks"}
            </p>
          ) : (
            <ul className="detail-list" data-testid="detail-checks">
              {shown.checks.map((c) => (
                <li key={c.name} data-testid="detail-check" data-state={c.state}>
                  <span className={c.failing ? "ci-fail" : undefined}>{c.name}</span>: {stateWords(c.state)}
                  {c.url ? (
                    <>
                      {" · "}
                      <ExternalLink href={c.url} testId="detail-check-link">
                        {`${c.name} on the forge`}
                      </ExternalLink>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <h3>Reviewers</h3>
          {shown.reviewers.length === 0 ? (
            <p className="muted">No reviews yet</p>
          ) : (
            <ul className="detail-list" data-testid="detail-reviewers">
              {shown.reviewers.map((r) => (
                <li key={`${r.login}:${r.state}`} data-testid="detail-reviewer" data-state={r.state}>
                  {r.login}: {stateWords(r.state)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
