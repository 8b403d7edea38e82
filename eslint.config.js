// ESLint flat config: typescript-eslint's recommended rules without type information (fast), Svelte's rules for
// components, and the right globals per side. Formatting is Prettier's job, so no stylistic rules here.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  globalIgnores([
    "out/",
    "dist/",
    "models/data/",
    "models/recipes/work/",
    "test/e2e/artifacts/",
    "test/e2e/screenshots/",
    "bench/results/",
    "bench/tmp/",
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  svelte.configs.prettier,
  {
    files: ["**/*.svelte", "**/*.svelte.ts", "**/*.svelte.js"],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: [".svelte"] } },
  },
  {
    files: ["src-renderer/**"],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ["src-main/**", "test/**", "bin/**", "models/recipes/*.ts", "*.config.{js,ts}"],
    languageOptions: { globals: globals.node },
  },
  // The layers of STYLE.md, enforced: core imports nothing above it, and the renderer imports only the contract.
  {
    files: ["src-main/core/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["electron", "svelte"],
          patterns: [
            {
              group: ["**/api/**", "**/app/**", "**/cli/**", "**/electron/**", "**/server/**"],
              message: "core imports nothing above it (STYLE.md): no contract, app layer or adapter.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src-renderer/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/src-main/*/**", "!**/src-main/api/**"],
              message: "the renderer imports only the contract (src-main/api), never core or the app layer.",
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      // `_name` marks a parameter a callback signature requires but the code does not use.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
);
