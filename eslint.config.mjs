import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    // .esbuild/ and .serverless/: build output of sls offline (npm start) and sls package.
    ignores: [
      "node_modules/",
      ".local/",
      "coverage/",
      "src/graphql/generated/",
      ".esbuild/",
      ".serverless/",
      "web/dist/",
      "web/src/graphql/generated/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            "*.js",
            "*.mjs",
            "src/graphql/codegen/*.js",
            "deploy/*.js",
            "policies/*.js",
            "local/stack/*.js",
            "scripts/*.js",
          ],
          // The CommonJS files Serverless, Jest and the launcher load (small: the default of 8 is too few).
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
    },
  },
  {
    // The web client: the rules of hooks, and React Compiler's checks of components.
    files: ["web/src/**/*.{ts,tsx}"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { module: "writable", require: "readonly" } },
  },
);
