// One pull request row: light dot, title, repo#number, author, age, badges, CI, reviews, labels and reasons.
import { memo } from "react";
import type { PrRow } from "../api";
import { age, ciSpeech, lightLabel } from "./format";

interface Props {
  row: PrRow;
  section: string;
  index: number;
  now: number;
  onOpen: (row: PrRow) => void;
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

function Reviews({ row }: { row: PrRow }) {
  if (row.changesRequestedBy.length > 0) {
    return (
      <span className="pr-review bad" data-testid="pr-review">
        changes requested by {row.changesRequestedBy.join(", ")}
      </span>
    );
  }
  return (
    <span className="pr-review" data-testid="pr-review">
      {row.approvals === 1 ? "1 approval" : `${String(row.approvals)} approvals`}
    </span>
  );
}

// Memoised: scrolling and the urgent half of a keystroke re-render the list but not unchanged rows.
export const PrRowView = memo(function PrRowView({ row, section, index, now, onOpen }: Props) {
  return (
    <div
      className={`pr-row pr-${row.light}`}
      role="link"
      tabIndex={0}
      data-testid="pr-row"
      data-light={row.light}
      data-pr-id={row.id}
      data-section={section}
      data-index={index}
      aria-label={`${row.title}, ${row.repo}#${String(row.number)}, ${lightLabel(row)}`}
      onDoubleClick={() => {
        onOpen(row);
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          onOpen(row);
        }
      }}
    >
      <span className={`dot dot-${row.light}`} role="img" aria-label={lightLabel(row)} data-testid="pr-light" />
      <div className="pr-main">
        <p className="pr-line1">
          <span className="pr-title" data-testid="pr-title">
            {row.title}
          </span>
          {row.draft && <span className="badge badge-neutral" data-testid="pr-draft">Draft</span>}
          {row.conflict && <span className="badge badge-bad" data-testid="pr-conflict">Conflict</span>}
          {row.labels.map((label, i) => (
            <span key={`${String(i)}:${label}`} className="pr-label" data-testid="pr-label">
              {label}
            </span>
          ))}
        </p>
        <p className="pr-line2 muted">
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
        </p>
        <p className="pr-reasons" data-testid="pr-reasons">
          {row.reasons.join(" · ")}
        </p>
      </div>
    </div>
  );
});
