// Lint: ESLint's recommended rules plus typescript-eslint's type-checked set, which reads the
// compiler's types (a floating promise, an awaited non-promise or an object shown as
// "[object Object]" in a reason would each hide a wrong verdict). Formatting is Prettier's
// (.prettierrc.json); `npm run lint` runs both.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Only what is generated or installed; everything tracked is linted.
  { ignores: ['dist/**', 'node_modules/**', '**/generated/**', 'openwop-conformance-report/**', 'interop/**'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Async functions that implement a Promise-returning interface (checks, fakes, stubs) without
      // awaiting are intended; no-floating-promises and no-misused-promises guard the real risk.
      '@typescript-eslint/require-await': 'off',
      // A caught value is handed on unchanged (the result collector classifies what was thrown).
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true, allowRethrowing: true }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `let call` declared before the closure that cancels it, assigned once after.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // One assertion style: chai's assert (the majority); expect chains read well but mix badly.
      'no-restricted-imports': ['error', { paths: [{ name: 'chai', importNames: ['expect', 'should'], message: "use chai's assert" }] }],
    },
  },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
