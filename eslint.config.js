// Lint: typescript-eslint's type-aware recommended rules (floating and misused
// promises, unsafe any) over the TypeScript, and ESLint's recommended rules over
// the sandbox page's browser script. A disable comment must say why on its line.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["core/generated/**", "node_modules/**", "data/**", "test-results/**", "coverage/**"] },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: ["**/*.ts"],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      // `void promise` is how a deliberate fire-and-forget is written; the rule still catches forgotten ones.
      "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["sandbox/web/**/*.js"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.browser, sourceType: "module" },
  },
  {
    files: ["eslint.config.js", ".dependency-cruiser.cjs"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
