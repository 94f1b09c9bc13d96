// The page's <h1>; takes focus after in-app navigation so keyboard and screen-reader users land on it.
import { useEffect, useRef } from "react";

export function PageTitle({ children, focus }: { children: string; focus: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus, children]);
  return (
    <h1 className="page-title" data-testid="page-title" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
