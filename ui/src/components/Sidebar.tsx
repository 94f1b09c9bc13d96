// Left navigation: real buttons grouped as in nav.ts, the active one marked with aria-current.
import { NAV, type PageId } from "../nav";
import { Logo } from "./Logo";

interface Props {
  current: PageId;
  onNavigate: (page: PageId) => void;
  /** Shows the keyboard shortcuts (the clickable equivalent of "?"). */
  onShortcuts?: () => void;
}

export function Sidebar({ current, onNavigate, onShortcuts }: Props) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <Logo />
        <span className="brand-name">Ampel</span>
      </div>
      <nav aria-label="Main">
        {NAV.map((section) => (
          <div className="nav-section" key={section.label ?? "top"}>
            {section.label && (
              <h2 className="nav-heading" id={`nav-heading-${section.label}`}>
                {section.label}
              </h2>
            )}
            <ul
              className="nav-list"
              aria-labelledby={section.label ? `nav-heading-${section.label}` : undefined}
            >
              {section.pages.map((page) => (
                <li key={page.id}>
                  <button
                    type="button"
                    className="nav-item"
                    data-testid={page.testId}
                    aria-current={page.id === current ? "page" : undefined}
                    onClick={() => {
                      onNavigate(page.id);
                    }}
                  >
                    {page.title}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      {onShortcuts && (
        <button type="button" className="nav-item nav-shortcuts" data-testid="shortcuts-button" aria-haspopup="dialog" onClick={onShortcuts}>
          Keyboard shortcuts
        </button>
      )}
    </aside>
  );
}
