// The avatar shows the cached image, else the user's initials; it never shows a broken image.
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Avatar, initials } from "./Avatar";

const PNG = "data:image/png;base64,iVBORw0KGgo=";
const PNG2 = "data:image/png;base64,iVBORw0KGgp=";

describe("Avatar", () => {
  it("shows the cached image", () => {
    render(<Avatar provider="gitlab" src={PNG} name="bob" alt="Avatar of bob" size={20} className="avatar" />);
    expect(screen.getByTestId("avatar-image")).toHaveAttribute("src", PNG);
    expect(screen.queryByTestId("avatar-initials")).not.toBeInTheDocument();
  });

  it("shows initials when there is no avatar", () => {
    render(<Avatar provider="github" src={null} name="Bob Stone" alt="Avatar of bob" size={20} className="avatar" />);
    const shown = screen.getByTestId("avatar-initials");
    expect(shown).toHaveTextContent(/^BS$/);
    expect(shown).toHaveAccessibleName("Avatar of bob");
  });

  it("falls back to the initials when the image fails, and tries a new image again", () => {
    const { rerender } = render(
      <Avatar provider="gitlab" src={PNG} name="bob" alt="Avatar of bob" size={40} className="avatar" />,
    );
    fireEvent.error(screen.getByTestId("avatar-image"));
    const fallback = screen.getByTestId("avatar-initials");
    expect(fallback).toHaveTextContent(/^B$/);
    expect(screen.queryByRole("img", { name: "Avatar of bob" })).toBe(fallback);
    rerender(<Avatar provider="gitlab" src={PNG2} name="bob" alt="Avatar of bob" size={40} className="avatar" />);
    expect(screen.getByTestId("avatar-image")).toHaveAttribute("src", PNG2);
  });

  it("takes initials from logins and names", () => {
    expect(initials("alice")).toBe("A");
    expect(initials("dev-carol")).toBe("DC");
    expect(initials("  ")).toBe("");
    expect(initials("émile zola")).toBe("ÉZ");
  });
});
