// A labelled form field (<label for>, hint and error wired with aria-describedby); tokens stay uncontrolled.
import { useId, useState, type ReactNode, type Ref } from "react";

interface Common {
  label: string;
  testId: string;
  hint?: ReactNode;
  error?: string | null;
  required?: boolean;
  placeholder?: string;
}

function describedBy(hintId: string, errorId: string, hint: unknown, error: unknown) {
  const ids = [hint ? hintId : null, error ? errorId : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Help({ id, hint, errorId, error }: { id: string; hint: ReactNode; errorId: string; error?: string | null }) {
  return (
    <>
      {hint && (
        <p className="field-hint" id={id}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} data-testid="field-error">
          {error}
        </p>
      )}
    </>
  );
}

export function TextField({
  label,
  testId,
  hint,
  error,
  required,
  placeholder,
  value,
  onChange,
  type = "text",
}: Common & { value: string; onChange: (value: string) => void; type?: "text" | "url" | "email" }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={id}
        type={type}
        data-testid={testId}
        value={value}
        placeholder={placeholder}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
      <Help id={`${id}-hint`} hint={hint} errorId={`${id}-error`} error={error} />
    </div>
  );
}

/**
 * A secret input. Deliberately uncontrolled: React mirrors a controlled input's value into the
 * DOM's value attribute, and the token must never appear in the page source.
 */
export function TokenField({
  label,
  testId,
  hint,
  error,
  required,
  placeholder,
  onChange,
  inputRef,
}: Common & { onChange: (value: string) => void; inputRef?: Ref<HTMLInputElement> }) {
  const id = useId();
  const [shown, setShown] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      <div className="token-input">
        <input
          id={id}
          ref={inputRef}
          type={shown ? "text" : "password"}
          data-testid={testId}
          placeholder={placeholder}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        />
        <button
          type="button"
          className="button small"
          data-testid={`${testId}-visibility`}
          aria-pressed={shown}
          aria-label={shown ? `Hide ${label}` : `Show ${label}`}
          onClick={() => {
            setShown((s) => !s);
          }}
        >
          {shown ? "Hide" : "Show"}
        </button>
      </div>
      <Help id={`${id}-hint`} hint={hint} errorId={`${id}-error`} error={error} />
    </div>
  );
}
