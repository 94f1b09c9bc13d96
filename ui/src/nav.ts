// The app's pages and how the sidebar groups them; one list so the sidebar and titles never disagree.

export type PageId = "dashboard" | "accounts" | "general" | "notifications" | "focus";

export interface Page {
  id: PageId;
  /** Shown in the sidebar and as the page's <h1>. */
  title: string;
  /** Stable end-to-end selector of the page's sidebar button. */
  testId: `nav-${PageId}`;
}

export interface NavSection {
  /** Group heading in the sidebar; null for top-level entries. */
  label: string | null;
  pages: readonly Page[];
}

export const NAV: readonly NavSection[] = [
  { label: null, pages: [{ id: "dashboard", title: "Dashboard", testId: "nav-dashboard" }] },
  {
    label: "Settings",
    pages: [
      { id: "accounts", title: "Provider Accounts", testId: "nav-accounts" },
      { id: "general", title: "General", testId: "nav-general" },
      { id: "notifications", title: "Notifications", testId: "nav-notifications" },
      { id: "focus", title: "Focus", testId: "nav-focus" },
    ],
  },
];

export const START_PAGE: PageId = "dashboard";

export function pageTitle(id: PageId): string {
  for (const section of NAV) {
    const page = section.pages.find((p) => p.id === id);
    if (page) return page.title;
  }
  throw new Error(`unknown page ${id}`);
}
