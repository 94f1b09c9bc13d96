// The app shell: settings loaded once for all pages, sidebar navigation on the left, the selected page on the right.
import { useEffect, useRef, useState } from "react";
import { Sidebar } from "./components/Sidebar";
import { keyAction, SHORTCUT_EVENT } from "./dashboard/shortcuts";
import { ShortcutsDialog } from "./dashboard/ShortcutsDialog";
import { START_PAGE, type PageId } from "./nav";
import { Dashboard } from "./pages/Dashboard";
import { General } from "./pages/General";
import { Notifications } from "./pages/Notifications";
import { Focus } from "./pages/Focus";
import { ProviderAccounts } from "./pages/ProviderAccounts";
import { SettingsProvider } from "./settings/SettingsContext";

export function App() {
  const [page, setPage] = useState<PageId>(START_PAGE);
  // Focus the new page's title only after the user navigated, never on first load.
  const [navigated, setNavigated] = useState(false);

  const [help, setHelp] = useState(false);
  const afterG = useRef(false);

  const navigate = (next: PageId) => {
    setPage(next);
    setNavigated(true);
  };

  // One listener for every shortcut: pages and "?" here, the rest to the dashboard (never while typing).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const { action, afterG: waiting } = keyAction(e, afterG.current);
      afterG.current = waiting;
      if (action === null) return;
      e.preventDefault();
      if (action === "help") setHelp(true);
      else if (typeof action === "object") {
        setPage(action.page);
        setNavigated(true);
      } else window.dispatchEvent(new CustomEvent(SHORTCUT_EVENT, { detail: action }));
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, []);

  return (
    <SettingsProvider>
      <div className="shell">
        <Sidebar
          current={page}
          onNavigate={navigate}
          onShortcuts={() => {
            setHelp(true);
          }}
        />
        <main className="content">
          {page === "dashboard" && <Dashboard focusTitle={navigated} />}
          {page === "accounts" && <ProviderAccounts focusTitle={navigated} />}
          {page === "general" && <General focusTitle={navigated} />}
          {page === "notifications" && <Notifications focusTitle={navigated} />}
          {page === "focus" && <Focus focusTitle={navigated} />}
        </main>
        {help && (
          <ShortcutsDialog
            onClose={() => {
              setHelp(false);
            }}
          />
        )}
      </div>
    </SettingsProvider>
  );
}
