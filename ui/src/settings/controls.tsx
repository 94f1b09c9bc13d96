// Labelled settings controls: a checkbox with an optional hint, and a select of fixed choices.
import { useId, type ReactNode } from "react";

interface CheckProps {
  label: string;
  testId: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  hint?: ReactNode;
}

export function Check({ label, testId, checked, onChange, disabled, hint }: CheckProps) {
  const id = useId();
  return (
    <div className={disabled ? "check disabled" : "check"}>
      <input
        id={id}
        type="checkbox"
        data-testid={testId}
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          onChange(e.target.checked);
        }}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

interface SelectProps<T extends string> {
  label: string;
  testId: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: ReactNode;
}

export function Select<T extends string>({ label, testId, value, options, onChange, hint }: SelectProps<T>) {
  const id = useId();
  return (
    <div className="field setting-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={testId}
        aria-describedby={hint ? `${id}-hint` : undefined}
        value={value}
        onChange={(e) => {
          const chosen = options.find((o) => o.value === e.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
