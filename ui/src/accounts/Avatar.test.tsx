// The avatar never shows a broken image: any load error falls back to the provider's initials.
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Avatar } from "./Avatar";

describe("Avatar", () => {
  it("shows the image while it loads", () => {
    render(<Avatar provider="gitlab" src="https://gl.example/a.png" alt="Avatar of bob" size={20} className="avatar" />);
    expect(screen.getByTestId("avatar-image")).toHaveAttribute("src", "https://gl.example/a.png");
    expect(screen.queryByTestId("avatar-initials")).not.toBeInTheDocument();
  });

  it("falls back to the provider's initials when the image fails", () => {
    const { rerender } = render(
      <Avatar provider="gitlab" src="http://gl.internal/a.png" alt="Avatar of bob" size={40} className="avatar" />,
    );
    fireEvent.error(screen.getByTestId("avatar-image"));
    const initials = screen.getByTestId("avatar-initials");
    expect(initials).toHaveTextContent(/^GL$/);
    expect(initials).toHaveAccessibleName("Avatar of bob");
    expect(screen.queryByRole("img", { name: "Avatar of bob" })).toBe(initials);
    // A new URL gets its own chance.
    rerender(<Avatar provider="gitlab" src="https://gl.example/b.png" alt="Avatar of bob" size={40} className="avatar" />);
    expect(screen.getByTestId("avatar-image")).toHaveAttribute("src", "https://gl.example/b.png");
  });
});
