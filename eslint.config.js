import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/build/**", "**/*.charm"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    // Type-aware: the floating/misused promise rules need the program, which the project service
    // builds from the nearest tsconfig.json (the root one covers every .ts file).
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      complexity: ["error", 15],
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
      "no-restricted-syntax": [
        "error",
        {
          // The `z` re-export is one object holding all of zod, so bundles keep all of it
          // (about 470 KB minified); the namespace import lets esbuild drop what is unused.
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: 'Use `import * as z from "zod"`: the named `z` cannot be tree-shaken.',
        },
      ],
    },
  },
  {
    // Plain JavaScript (this file, the bin shims) is in no tsconfig: lint it without type information.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["**/*.test.ts", "tests/**/*.ts", "scripts/**/*.ts", "**/test-support/**", "**/bench/**"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      complexity: "off",
      "max-lines-per-function": "off",
    },
  },
);
