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
  transform: {
    '^.+\\.tsx?$': ['ts-jest', {}],
  },
};
