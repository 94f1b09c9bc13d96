// The app shell: settings loaded once for all pages, sidebar navigation on the left, the selected page on the right.
import { useState } from "react";
import { Sidebar } from "./components/Sidebar";
import { START_PAGE, type PageId } from "./nav";
import { Dashboard } from "./pages/Dashboard";
import { General } from "./pages/General";
import { Notifications } from "./pages/Notifications";
import { ProviderAccounts } from "./pages/ProviderAccounts";
import { SettingsProvider } from "./settings/SettingsContext";

export function App() {
  const [page, setPage] = useState<PageId>(START_PAGE);
  // Focus the new page's title only after the user navigated, never on first load.
  const [navigated, setNavigated] = useState(false);

  const navigate = (next: PageId) => {
    setPage(next);
    setNavigated(true);
  };

  return (
    <SettingsProvider>
      <div className="shell">
        <Sidebar current={page} onNavigate={navigate} />
        <main className="content">
          {page === "dashboard" && <Dashboard focusTitle={navigated} />}
          {page === "accounts" && <ProviderAccounts focusTitle={navigated} />}
          {page === "general" && <General focusTitle={navigated} />}
          {page === "notifications" && <Notifications focusTitle={navigated} />}
        </main>
      </div>
    </SettingsProvider>
  );
}
