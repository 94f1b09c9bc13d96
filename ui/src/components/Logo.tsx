// The traffic-light mark shown beside the name "Ampel"; inline SVG so nothing is fetched.

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg
      className="logo"
      width={size * 0.6}
      height={size}
      viewBox="0 0 18 30"
      aria-hidden="true"
      focusable="false"
    >
      <rect x="1" y="1" width="16" height="28" rx="5" className="logo-housing" />
      <circle cx="9" cy="7.5" r="3.6" fill="#e53e3e" />
      <circle cx="9" cy="15" r="3.6" fill="#d69e2e" />
      <circle cx="9" cy="22.5" r="3.6" fill="#1f9d55" />
    </svg>
  );
}
