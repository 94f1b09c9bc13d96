// Acting on one pull request: pick Approve, Request changes, Comment or Merge, fill in the text or the
// merge method, confirm; shows progress and the forge's answer. A read-only token shows every action
// disabled with the scope to add and the token page.
import { useId, useState, type SyntheticEvent } from "react";
import { api, toApiError, type ActedView, type ApiError, type PrActionInput, type PrRow } from "../api";
import { Dialog } from "../components/Dialog";
import { ExternalLink } from "../components/ExternalLink";

export type ActionKind = "approve" | "request_changes" | "comment" | "merge";

const LABELS: Record<ActionKind, string> = {
  approve: "Approve",
  request_changes: "Request changes",
  comment: "Comment",
  merge: "Merge",
};

const METHOD_LABELS: Record<string, string> = {
  merge: "Merge commit",
  squash: "Squash and merge",
  rebase: "Rebase and merge",
  rebase_merge: "Rebase, then merge commit",
  fast_forward: "Fast-forward only",
};

interface Props {
  row: PrRow;
  /** The action to start on (from the row's menu); Approve when not given. */
  initial?: ActionKind;
  onClose: () => void;
  /** After a successful action: what happened, in words. */
  onDone: (result: ActedView, row: PrRow) => void;
}

/** What the forge's refusal means for the user, in words. */
export function actionErrorWords(error: ApiError): string {
  switch (error.code) {
    case "missing_write_scope":
      return `This token cannot do that: add ${error.scope ?? "the write scope"} to this token.`;
    case "head_moved":
      return "New commits arrived since the last refresh; nothing was merged. Check them, then try again.";
    case "head_unknown":
      return "Refresh first: the pull request's head commit is not known yet.";
    case "merge_conflict":
      return "The pull request has merge conflicts; nothing was merged.";
    default:
      return error.message;
  }
}

export function PrActionsDialog({ row, initial = "approve", onClose, onDone }: Props) {
  const { actions } = row;
  const [kind, setKind] = useState<ActionKind>(initial);
  const [body, setBody] = useState("");
  const [method, setMethod] = useState(actions.mergeMethods[0] ?? "merge");
  const [deleteBranch, setDeleteBranch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = useId();
  const ref = `${row.repo}${row.provider === "gitlab" ? "!" : "#"}${String(row.number)}`;
  const needsText = kind === "comment" || (kind === "request_changes" && row.provider !== "bitbucket");
  const blocked = !actions.writable || (kind === "merge" && !actions.headKnown);

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    if (busy || blocked) return;
    if (needsText && body.trim() === "") {
      setError(toApiError({ code: "empty_body", message: "Write a text first." }));
      return;
    }
    setBusy(true);
    setError(null);
    const input: PrActionInput = {
      kind,
      body: kind === "merge" ? null : body,
      method: kind === "merge" ? method : null,
      deleteBranch: kind === "merge" && deleteBranch,
    };
    try {
      const result = await api.actOnPr(row.accountId, row.repo, row.number, input);
      onDone(result, row);
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Act on ${ref}`} testId="pr-actions-dialog" onClose={onClose}>
      <p className="muted small" data-testid="pr-actions-title">
        {row.title}
      </p>
      {!actions.writable && (
        <div className="notice warn" data-testid="pr-actions-readonly">
          <p>
            This token can only read: add <strong>{actions.missingScope}</strong> to this token to approve, comment
            or merge.
          </p>
          {actions.tokenPage && (
            <p>
              <ExternalLink href={actions.tokenPage} testId="pr-actions-token-page">
                Open the token page
              </ExternalLink>
            </p>
          )}
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="action-choice" disabled={!actions.writable || busy}>
          <legend>Action</legend>
          {(Object.keys(LABELS) as ActionKind[]).map((k) => (
            <label key={k} className="radio">
              <input
                type="radio"
                name={`${ids}-kind`}
                value={k}
                checked={kind === k}
                disabled={!actions.writable || busy}
                data-testid={`pr-action-${k}`}
                data-autofocus={kind === k ? "" : undefined}
                onChange={() => {
                  setKind(k);
                  setError(null);
                }}
              />{" "}
              {LABELS[k]}
            </label>
          ))}
        </fieldset>
        {kind !== "merge" && (
          <div className="field">
            <label htmlFor={`${ids}-body`}>
              {kind === "approve" ? "Comment (optional)" : kind === "comment" ? "Comment" : "What should change"}
            </label>
            <textarea
              id={`${ids}-body`}
              data-testid="pr-action-body"
              rows={4}
              value={body}
              disabled={!actions.writable || busy}
              onChange={(e) => {
                setBody(e.target.value);
              }}
            />
            <p className="muted small">Markdown is sent as typed.</p>
          </div>
        )}
        {kind === "merge" && (
          <div className="field">
            <label htmlFor={`${ids}-method`}>Merge method</label>
            <select
              id={`${ids}-method`}
              data-testid="pr-action-method"
              value={method}
              disabled={!actions.writable || busy}
              onChange={(e) => {
                setMethod(e.target.value);
              }}
            >
              {actions.mergeMethods.map((m) => (
                <option key={m} value={m}>
                  {METHOD_LABELS[m] ?? m}
                </option>
              ))}
            </select>
            {actions.deleteBranch && (
              <label className="checkbox">
                <input
                  type="checkbox"
                  data-testid="pr-action-delete-branch"
                  checked={deleteBranch}
                  disabled={!actions.writable || busy}
                  onChange={(e) => {
                    setDeleteBranch(e.target.checked);
                  }}
                />{" "}
                Delete the source branch
              </label>
            )}
            {!actions.headKnown && <p className="field-error">Refresh first: the head commit is not known yet.</p>}
          </div>
        )}
        {busy && (
          <p role="status" data-testid="pr-action-progress">
            {LABELS[kind]}: sending to the forge…
          </p>
        )}
        {error && (
          <p className="field-error" role="alert" data-testid="pr-action-error" data-code={error.code}>
            {actionErrorWords(error)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <span className="spacer" />
          <button
            type="submit"
            className="button primary"
            data-testid="pr-action-confirm"
            disabled={busy || blocked}
          >
            {kind === "merge" ? `Merge ${ref}` : LABELS[kind]}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
