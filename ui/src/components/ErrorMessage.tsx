// Shows a failed command readably: its code (what the UI branches on) and its message.
import type { ApiError } from "../api";

export function ErrorMessage({ error, what }: { error: ApiError; what: string }) {
  return (
    <div className="error" role="alert" data-testid="error">
      <p className="error-title">{what}</p>
      <p>
        <code data-testid="error-code">{error.code}</code>{" "}
        <span data-testid="error-message">{error.message}</span>
      </p>
    </div>
  );
}
