/**
 * Jest runs the TypeScript sources directly; `npm test` type-checks both trees first (tsc --noEmit).
 * UI tests opt into jsdom with a `@jest-environment jsdom` docblock. The browser suite has its own config
 * (`test/e2e/jest.e2e.config.js`).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  // Property tests run hundreds of generated sheets through the pane and its stand-in Excel: on a shared machine
  // under load one can take more than Jest's default 5 s without anything being wrong (a hang still fails).
  testTimeout: 30_000,
  // Under jsdom, packages resolve their browser builds; json-rules-engine's jsonpath-plus has only an ESM one.
  // (The engine never uses it: it passes its own path resolver.)
  moduleNameMapper: { '^jsonpath-plus$': '<rootDir>/node_modules/jsonpath-plus/dist/index-browser-umd.cjs' },
  setupFilesAfterEnv: ['<rootDir>/test/helpers/jest-dom-setup.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', {}],
  },
};
