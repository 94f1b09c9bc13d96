// A small busy indicator with an accessible name, for Test Connection and per-row re-tests.
export function Spinner({ label, testId }: { label: string; testId?: string }) {
  return (
    <span className="spinner" role="status" aria-label={label} data-testid={testId}>
      <span className="spinner-dot" aria-hidden="true" />
    </span>
  );
}
