// Acting on one pull request: pick Approve, Request changes, Comment, Merge — or, where the forge has
// them, Merge when ready (auto-merge) and its cancel, Add to / Remove from the merge queue or train
// (instead of Merge where the base branch requires one) and Update branch — fill in the text, the
// merge method or the update style, confirm; shows progress and the forge's answer. A read-only token
// shows every action disabled with the scope to add and the token page.
import { useId, useState, type SyntheticEvent } from "react";
import { api, toApiError, type ActedView, type ApiError, type PrActionInput, type PrRow } from "../api";
import { Dialog } from "../components/Dialog";
import { ExternalLink } from "../components/ExternalLink";

export type ActionKind =
  | "approve"
  | "request_changes"
  | "comment"
  | "merge"
  | "merge_when_ready"
  | "cancel_merge_when_ready"
  | "add_to_queue"
  | "remove_from_queue"
  | "update_branch";

/** The actions the dialog offers for `row`, in order: a queue-only branch never offers Merge. */
export function offeredKinds(row: PrRow): ActionKind[] {
  const a = row.actions;
  const kinds: ActionKind[] = ["approve", "request_changes", "comment"];
  if (a.queueRequired) {
    kinds.push(a.queued ? "remove_from_queue" : "add_to_queue");
  } else {
    kinds.push("merge");
    if (a.mergeWhenReady) kinds.push(a.autoMergeOn ? "cancel_merge_when_ready" : "merge_when_ready");
  }
  if (a.updateStyles.length > 0) kinds.push("update_branch");
  return kinds;
}

/** An action's name in the dialog. */
export function actionLabel(kind: ActionKind, row: PrRow): string {
  const queue = row.actions.queueWord;
  switch (kind) {
    case "approve":
      return "Approve";
    case "request_changes":
      return "Request changes";
    case "comment":
      return "Comment";
    case "merge":
      return "Merge";
    case "merge_when_ready":
      return "Merge when ready";
    case "cancel_merge_when_ready":
      return "Cancel auto-merge";
    case "add_to_queue":
      return `Add to ${queue}`;
    case "remove_from_queue":
      return `Remove from ${queue}`;
    case "update_branch":
      return row.actions.behind ? "Update branch (behind its base)" : "Update branch";
  }
}

/** The kinds that send a merge method. */
const WITH_METHOD: readonly ActionKind[] = ["merge", "merge_when_ready", "add_to_queue"];

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
    case "queue_required":
      return "This branch merges only through its queue: add the pull request to the queue instead. Nothing was merged.";
    default:
      return error.message;
  }
}

export function PrActionsDialog({ row, initial = "approve", onClose, onDone }: Props) {
  const { actions } = row;
  const kinds = offeredKinds(row);
  const [kind, setKind] = useState<ActionKind>(kinds.includes(initial) ? initial : kinds[0] ?? "approve");
  const [style, setStyle] = useState(actions.updateStyles[0] ?? "merge");
  const [body, setBody] = useState("");
  const [method, setMethod] = useState(actions.mergeMethods[0] ?? "merge");
  const [deleteBranch, setDeleteBranch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = useId();
  const ref = `${row.repo}${row.provider === "gitlab" ? "!" : "#"}${String(row.number)}`;
  const needsText = kind === "comment" || (kind === "request_changes" && row.provider !== "bitbucket");
  const withMethod = WITH_METHOD.includes(kind);
  const texted = kind === "approve" || kind === "request_changes" || kind === "comment";
  const needsHead = withMethod || kind === "update_branch";
  // GitHub's merge queue merges by the queue's own method: no picker there.
  const picksMethod = withMethod && !(kind === "add_to_queue" && row.provider === "github");
  const blocked = !actions.writable || (needsHead && !actions.headKnown);

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
      body: texted ? body : null,
      method: withMethod ? method : null,
      deleteBranch: (kind === "merge" || kind === "merge_when_ready") && deleteBranch,
      style: kind === "update_branch" ? style : null,
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
          {kinds.map((k) => (
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
              {actionLabel(k, row)}
            </label>
          ))}
        </fieldset>
        {actions.offersNote && (
          <p className="muted small" data-testid="pr-actions-offers-note">
            {actions.offersNote}.
          </p>
        )}
        {row.automation && (
          <p className="muted small" data-testid="pr-actions-automation">
            Now: {row.automation}
          </p>
        )}
        {texted && (
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
        {kind === "update_branch" && (
          <div className="field">
            <label htmlFor={`${ids}-style`}>How</label>
            <select
              id={`${ids}-style`}
              data-testid="pr-action-style"
              value={style}
              disabled={!actions.writable || busy}
              onChange={(e) => {
                setStyle(e.target.value);
              }}
            >
              {actions.updateStyles.map((s) => (
                <option key={s} value={s}>
                  {s === "rebase" ? "Rebase onto the base branch" : "Merge the base branch in"}
                </option>
              ))}
            </select>
            {!actions.headKnown && <p className="field-error">Refresh first: the head commit is not known yet.</p>}
          </div>
        )}
        {kind === "merge_when_ready" && (
          <p className="muted small" data-testid="pr-action-when-ready-note">
            The forge merges it once its rules pass (CI, approvals); nothing is worked around.
          </p>
        )}
        {withMethod && (
          <div className="field">
            {picksMethod && <label htmlFor={`${ids}-method`}>Merge method</label>}
            {!picksMethod && <p className="muted small">The merge queue merges by its own method.</p>}
            {picksMethod && (
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
            )}
            {actions.deleteBranch && kind !== "add_to_queue" && (
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
            {actionLabel(kind, row)}: sending to the forge…
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
            {kind === "merge"
              ? `Merge ${ref}`
              : kind === "merge_when_ready"
                ? `Merge ${ref} when ready`
                : actionLabel(kind, row)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
