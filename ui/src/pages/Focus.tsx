// Settings > Focus (issue 29): exclusion rules that keep noise out of every section, count, the tray and
// notifications, and profiles (accounts, organisations, a weekly schedule) that the tray and notifications
// follow — picked by hand here or from the tray until the next scheduled change.
import { useCallback, useEffect, useId, useState, type SyntheticEvent } from "react";
import { api, toApiError, type Account, type FocusView, type Profile, type RuleKind } from "../api";
import { PageTitle } from "../components/PageTitle";

type KindId = RuleKind["kind"];

const KINDS: readonly { id: KindId; label: string; value: string | null }[] = [
  { id: "bots", label: "Bots (dependabot, renovate, [bot] apps, GitLab token bots)", value: null },
  { id: "others_drafts", label: "Other people's drafts", value: null },
  { id: "author", label: "Author", value: "Author (glob: * any, ? one character)" },
  { id: "repo", label: "Repository", value: "Repository (glob, e.g. acme/legacy-*)" },
  { id: "org", label: "Organisation, group or workspace", value: "Organisation, group or workspace" },
  { id: "label", label: "Label", value: "Label" },
];

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** The rule of the form's kind and value; null when the kind needs a value and none was typed. */
export function ruleOf(kind: KindId, value: string): RuleKind | null {
  const v = value.trim();
  switch (kind) {
    case "bots":
      return { kind: "bots" };
    case "others_drafts":
      return { kind: "others_drafts" };
    case "author":
    case "repo":
      return v === "" ? null : { kind, pattern: v };
    case "org":
    case "label":
      return v === "" ? null : { kind, name: v };
  }
}

/** A profile's schedule in words ("Mon–Fri 09:00–18:00"). */
export function scheduleWords(p: Profile): string {
  const windows = p.schedule ?? [];
  if (windows.length === 0) return "picked by hand only";
  return windows
    .map((w) => `${w.days.map((d) => DAYS[d - 1] ?? "?").join(", ")} ${w.start}–${w.end}`)
    .join("; ");
}

export function Focus({ focusTitle }: { focusTitle: boolean }) {
  const [view, setView] = useState<FocusView | null>(null);
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState("");
  const load = useCallback(async () => {
    try {
      const [v, a] = await Promise.all([api.getFocus(), api.listAccounts()]);
      setView(v);
      setAccounts(a);
    } catch (e) {
      setError(toApiError(e).message);
    }
  }, []);
  useEffect(() => {
    Promise.all([api.getFocus(), api.listAccounts()]).then(
      ([v, a]) => {
        setView(v);
        setAccounts(a);
      },
      (e: unknown) => {
        setError(toApiError(e).message);
      },
    );
  }, []);
  const run = async (what: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await what();
      setResult(done);
      await load();
    } catch (e) {
      setError(toApiError(e).message);
    }
  };
  const name = (id: string) => accounts.find((a) => a.id === id)?.name ?? id;

  return (
    <>
      <PageTitle focus={focusTitle}>Focus</PageTitle>
      {error && (
        <p className="field-error" role="alert" data-testid="focus-error">
          {error}
        </p>
      )}
      <p role="status" className="muted small" data-testid="focus-result">
        {result}
      </p>
      <Rules view={view} accounts={accounts} run={run} />
      <Profiles view={view} accounts={accounts} run={run} name={name} />
    </>
  );
}

interface Part {
  view: FocusView | null;
  accounts: Account[];
  run: (what: () => Promise<unknown>, done: string) => Promise<void>;
}

function Rules({ view, accounts, run }: Part) {
  const ids = useId();
  const [kind, setKind] = useState<KindId>("bots");
  const [value, setValue] = useState("");
  const [account, setAccount] = useState("");
  const [invalid, setInvalid] = useState(false);
  const needs = KINDS.find((k) => k.id === kind)?.value ?? null;
  const add = (e: SyntheticEvent) => {
    e.preventDefault();
    const rule = ruleOf(kind, value);
    if (rule === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    void run(async () => {
      const added = await api.addExclusionRule(rule, account === "" ? null : account);
      setValue("");
      return added;
    }, "Rule added: matching pull requests leave the sections, counts, tray and notifications.");
  };
  return (
    <section className="card settings-card" aria-labelledby={`${ids}-rules`} data-testid="focus-rules">
      <h2 id={`${ids}-rules`}>Exclusion rules</h2>
      <p className="muted">
        A pull request a rule matches leaves every section, count, the tray and notifications; each section&apos;s
        &ldquo;Hidden by rules&rdquo; line shows them. Your own pull requests are never hidden by an author rule.
      </p>
      {view !== null && view.rules.length === 0 && <p data-testid="rules-none">No rules.</p>}
      {view !== null && view.rules.length > 0 && (
        <ul className="muted-list">
          {view.rules.map((r) => (
            <li key={r.id} data-testid="rule" data-rule={r.id}>
              <span>
                {r.words} <span className="muted">· {r.accountName ?? "all accounts"}</span>
              </span>{" "}
              <button
                type="button"
                className="button"
                data-testid="rule-remove"
                onClick={() => void run(() => api.removeExclusionRule(r.id), `Removed the rule “${r.words}”.`)}
              >
                Remove “{r.words}”
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="focus-form" onSubmit={add} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-kind`}>Hide</label>
          <select
            id={`${ids}-kind`}
            data-testid="rule-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as KindId);
              setInvalid(false);
            }}
          >
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        {needs !== null && (
          <div className="field">
            <label htmlFor={`${ids}-value`}>{needs}</label>
            <input
              id={`${ids}-value`}
              data-testid="rule-value"
              value={value}
              aria-invalid={invalid}
              aria-describedby={invalid ? `${ids}-value-error` : undefined}
              onChange={(e) => {
                setValue(e.target.value);
              }}
            />
            {invalid && (
              <p className="field-error" id={`${ids}-value-error`}>
                Type what to hide.
              </p>
            )}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${ids}-account`}>On</label>
          <select
            id={`${ids}-account`}
            data-testid="rule-account"
            value={account}
            onChange={(e) => {
              setAccount(e.target.value);
            }}
          >
            <option value="">All accounts</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary" data-testid="rule-add">
          Add rule
        </button>
      </form>
    </section>
  );
}

function Profiles({ view, accounts, run, name }: Part & { name: (id: string) => string }) {
  const ids = useId();
  const [title, setTitle] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [orgs, setOrgs] = useState("");
  const [days, setDays] = useState<number[]>([1, 2, 3, 4, 5]);
  const [start, setStart] = useState("09:00");
  const [end, setEnd] = useState("18:00");
  const [scheduled, setScheduled] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const save = (e: SyntheticEvent) => {
    e.preventDefault();
    if (title.trim() === "" || chosen.length === 0) {
      setProblem("Give the profile a name and at least one account.");
      return;
    }
    if (scheduled && days.length === 0) {
      setProblem("Pick at least one day, or turn the schedule off.");
      return;
    }
    setProblem(null);
    const profile: Profile = {
      name: title.trim(),
      accounts: chosen,
      orgs: orgs
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
      schedule: scheduled ? [{ days, start, end }] : [],
    };
    void run(() => api.putProfile(profile), `Saved the profile ${profile.name}.`);
  };
  const toggle = <T,>(list: T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  return (
    <section className="card settings-card" aria-labelledby={`${ids}-profiles`} data-testid="focus-profiles">
      <h2 id={`${ids}-profiles`}>Profiles</h2>
      <p className="muted">
        The tray&apos;s colour and count and the notifications follow the profile in effect (its accounts, and its
        organisations when named); the dashboard can show only its pull requests. With no profile, everything is
        followed. The tray menu switches by hand until the next scheduled change.
      </p>
      {view !== null && (
        <p data-testid="profile-active">
          In effect: <strong>{view.active ?? "all accounts"}</strong>
          {view.byHand ? " (picked by hand)" : view.profiles.length > 0 ? " (by schedule)" : ""}
          {view.nextChange && <span className="muted"> · next change {new Date(view.nextChange).toLocaleString()}</span>}
        </p>
      )}
      {view !== null && view.profiles.length > 0 && (
        <>
          <ul className="muted-list">
            {view.profiles.map((p) => (
              <li key={p.name} data-testid="profile" data-profile={p.name}>
                <span>
                  <strong>{p.name}</strong>{" "}
                  <span className="muted">
                    · {p.accounts.map(name).join(", ")}
                    {(p.orgs ?? []).length > 0 ? ` · ${(p.orgs ?? []).join(", ")}` : ""} · {scheduleWords(p)}
                  </span>
                </span>{" "}
                <button
                  type="button"
                  className="button"
                  data-testid="profile-use"
                  disabled={view.active === p.name}
                  onClick={() => void run(() => api.useProfile(p.name, false), `Following ${p.name} until the next change.`)}
                >
                  Use {p.name}
                </button>{" "}
                <button
                  type="button"
                  className="button"
                  data-testid="profile-remove"
                  onClick={() => void run(() => api.removeProfile(p.name), `Removed the profile ${p.name}.`)}
                >
                  Remove {p.name}
                </button>
              </li>
            ))}
          </ul>
          <p>
            <button
              type="button"
              className="button"
              data-testid="profile-all"
              onClick={() => void run(() => api.useProfile(null, false), "Following all accounts until the next change.")}
            >
              Use all accounts
            </button>{" "}
            <button
              type="button"
              className="button"
              data-testid="profile-schedule"
              disabled={!view.byHand}
              onClick={() => void run(() => api.useProfile(null, true), "Following the schedule.")}
            >
              Follow the schedule
            </button>
          </p>
        </>
      )}
      <form className="focus-form" onSubmit={save} noValidate>
        <h3>Add or replace a profile</h3>
        <div className="field">
          <label htmlFor={`${ids}-name`}>Name</label>
          <input
            id={`${ids}-name`}
            data-testid="profile-name"
            value={title}
            onChange={(e) => {
              setTitle(e.target.value);
            }}
          />
        </div>
        <fieldset className="field">
          <legend>Accounts</legend>
          {accounts.map((a) => (
            <label key={a.id} className="checkbox">
              <input
                type="checkbox"
                data-testid="profile-account"
                data-account={a.id}
                checked={chosen.includes(a.id)}
                onChange={() => {
                  setChosen((c) => toggle(c, a.id));
                }}
              />{" "}
              {a.name}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${ids}-orgs`}>Only these organisations (optional, comma-separated)</label>
          <input
            id={`${ids}-orgs`}
            data-testid="profile-orgs"
            value={orgs}
            onChange={(e) => {
              setOrgs(e.target.value);
            }}
          />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="profile-scheduled"
            checked={scheduled}
            onChange={(e) => {
              setScheduled(e.target.checked);
            }}
          />{" "}
          On a weekly schedule (local time)
        </label>
        {scheduled && (
          <fieldset className="field">
            <legend>When</legend>
            {DAYS.map((d, i) => (
              <label key={d} className="checkbox">
                <input
                  type="checkbox"
                  data-testid="profile-day"
                  checked={days.includes(i + 1)}
                  onChange={() => {
                    setDays((list) => toggle(list, i + 1).sort((a, b) => a - b));
                  }}
                />{" "}
                {d}
              </label>
            ))}
            <label className="inline-field">
              from{" "}
              <input
                type="time"
                data-testid="profile-start"
                value={start}
                onChange={(e) => {
                  setStart(e.target.value);
                }}
              />
            </label>{" "}
            <label className="inline-field">
              to{" "}
              <input
                type="time"
                data-testid="profile-end"
                value={end}
                onChange={(e) => {
                  setEnd(e.target.value);
                }}
              />
            </label>
            <p className="muted small">An end before the start runs past midnight.</p>
          </fieldset>
        )}
        {problem && (
          <p className="field-error" role="alert" data-testid="profile-problem">
            {problem}
          </p>
        )}
        <button type="submit" className="button primary" data-testid="profile-save">
          Save profile
        </button>
      </form>
    </section>
  );
}
