// Layer rules, checked over the whole import graph by `npm run lint:layers`
// (dependency-cruiser rather than ESLint import rules: a rule here names both
// ends of an import by path, can say "another feature than this one", and a
// violation prints the rule's name).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-is-framework-free",
      comment: "core/ is the shop's domain: no Telegram layer, no sandbox, no grammY, no i18next. Return data or throw a DomainError; bot/ words it.",
      severity: "error",
      from: { path: "^core/" },
      to: { path: ["^bot/", "^cli/", "^sandbox/", "(^|/)node_modules/(grammy|@grammyjs/[^/]+|i18next)/"] },
    },
    {
      name: "features-are-independent",
      comment: "A feature in bot/features/ does not import another feature: shared pieces go to bot/keyboards/, bot/notices/, bot/views/ or bot/helpers/.",
      severity: "error",
      from: { path: "^bot/features/([^/.]+)" },
      to: { path: "^bot/features/", pathNot: "^bot/features/$1(\\.ts$|/)" },
    },
    {
      name: "sandbox-only-from-entry-and-tests",
      comment: "The sandbox (Bot API stand-in, demo data) is started by the entry point and used by tests and benchmarks, never by the product's code.",
      severity: "error",
      from: { path: "^(bot|core|cli)/", pathNot: "^bot/main\\.ts$" },
      to: { path: "^sandbox/" },
    },
    {
      name: "no-circular",
      comment: "A cycle makes module load order matter and the layers blur.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that does not resolve fails at run time.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^core/generated/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".js", ".json"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
