// The "?" dialog: every keyboard shortcut with what it does and the control that does the same with a click.
import { Dialog } from "../components/Dialog";
import { SHORTCUTS } from "./shortcuts";

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" testId="shortcuts-dialog" onClose={onClose}>
      <p className="muted">They work when no text field has the focus.</p>
      <table className="shortcuts-table" data-testid="shortcuts-table">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
            <th scope="col">With a click</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys} data-testid="shortcut">
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.does}</td>
              <td>{s.click}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="button" data-autofocus="" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
