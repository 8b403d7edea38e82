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
