// ESLint (not Biome): it runs Next's own rules (next/core-web-vitals) and the React hooks rules,
// and its `no-restricted-imports` enforces the architecture's import rules (lib/ stays below app/,
// components/ have no data access, queues do not reach into processors).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [
      ".next/**",
      "dist/**",
      "node_modules/**",
      "drizzle/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "bench/results/**",
      "e2e/.state/**",
    ],
  },
  {
    name: "bida/react-hooks",
    rules: {
      // These come from the React Compiler (eslint-plugin-react-hooks v7). The console does not use the
      // compiler, and rewriting working components to suit it would be churn. (react-hooks/purity and
      // react-hooks/immutability stay on: the code passes them, and they catch real render bugs anyway.)
      // setState in an effect (a clock tick, a reset on prop change) is legitimate without the compiler.
      "react-hooks/set-state-in-effect": "off",
      // The "latest callback in a ref" idiom (ref.current = fn during render) is sound without the compiler.
      "react-hooks/refs": "off",
      // Checks that manual useMemo/useCallback survive compilation; meaningless with no compiler.
      "react-hooks/preserve-manual-memoization": "off",
      // Warns that a library (e.g. @tanstack/react-table) cannot be compiled; meaningless with no compiler.
      "react-hooks/incompatible-library": "off",
    },
  },
  {
    name: "bida/typescript",
    files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
    rules: {
      // `const { password: _p, ...rest } = x` is how this code omits keys from an object: the omitted ones are unused by design.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }],
    },
  },
  {
    name: "bida/architecture/lib",
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/|(\\.\\./)+)(app|components|worker|server)(/|$)",
              caseSensitive: true,
              message: "lib/ must not import from app/, components/, worker/ or server/.",
            },
          ],
        },
      ],
    },
  },
  {
    name: "bida/architecture/components",
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/|(\\.\\./)+)lib/db/client(\\.ts)?$",
              caseSensitive: true,
              allowTypeImports: true,
              message: "Components have no data access: load data in a route or server module and pass it in.",
            },
            {
              regex: "^(drizzle-orm|mysql2|ioredis|bullmq)(/|$)",
              caseSensitive: true,
              allowTypeImports: true,
              message: "Components have no data access: load data in a route or server module and pass it in.",
            },
          ],
        },
      ],
    },
  },
  {
    name: "bida/architecture/worker-queues",
    files: ["worker/queues/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/worker/|\\.\\./)processors(/|$)",
              caseSensitive: true,
              message: "worker/queues/ must not import from worker/processors/.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
