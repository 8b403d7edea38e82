export type ThemeChoice = "system" | "light" | "dark";

const STORAGE_KEY = "mull.theme";

/**
 * Light, dark, or the system's choice (prefers-color-scheme, followed live). The choice is written to
 * `<html data-theme>`, which the stylesheet's colour variables key on; kept in localStorage across launches.
 */
export class ThemeStore {
  choice = $state<ThemeChoice>("system");
  #systemDark = $state(false);

  effective = $derived<"light" | "dark">(
    this.choice === "system" ? (this.#systemDark ? "dark" : "light") : this.choice,
  );

  constructor() {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === "light" || saved === "dark" || saved === "system") this.choice = saved;
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    this.#systemDark = query.matches;
    query.addEventListener("change", (e) => (this.#systemDark = e.matches));
  }

  /** Cycles system → light → dark → system. */
  toggle(): void {
    this.choice = this.choice === "system" ? "light" : this.choice === "light" ? "dark" : "system";
    localStorage.setItem(STORAGE_KEY, this.choice);
  }
}
