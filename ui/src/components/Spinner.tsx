// A small busy indicator: with a label it is a status with that name (Test Connection, per-row
// re-tests); without one it is decorative, for places whose progress a status region already speaks.
export function Spinner({ label, testId }: { label?: string; testId?: string }) {
  if (label === undefined) {
    return (
      <span className="spinner" aria-hidden="true" data-testid={testId}>
        <span className="spinner-dot" />
      </span>
    );
  }
  return (
    <span className="spinner" role="status" aria-label={label} data-testid={testId}>
      <span className="spinner-dot" aria-hidden="true" />
    </span>
  );
}
