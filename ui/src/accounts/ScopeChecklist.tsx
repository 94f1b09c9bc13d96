// The recommended scopes as a checklist; after Test Connection each line says granted or missing.
import type { ValidationView } from "../api";
import { scopeItems, type ScopeState } from "./scopes";

const MARK: Record<ScopeState, string> = {
  recommended: "•",
  granted: "✓",
  missing: "✗",
  unknown: "?",
};

const WORDS: Record<ScopeState, string> = {
  recommended: "recommended",
  granted: "granted",
  missing: "missing",
  unknown: "not reported",
};

export function ScopeChecklist({
  recommended,
  validation,
}: {
  recommended: string[];
  validation: ValidationView | null;
}) {
  const items = scopeItems(recommended, validation);
  if (items.length === 0) return null;
  return (
    <div className="scope-box">
      <h3 id="scope-heading">Recommended scopes</h3>
      <ul className="scope-checklist" data-testid="scope-checklist" aria-labelledby="scope-heading">
        {items.map((item) => (
          <li
            key={item.scope}
            data-testid="scope-item"
            data-scope={item.scope}
            data-state={item.state}
            className={`scope-${item.state}`}
          >
            <span className="scope-mark" aria-hidden="true">
              {MARK[item.state]}
            </span>
            <code>{item.scope}</code>
            <span className="scope-state">{WORDS[item.state]}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
