// Unit specs live beside the code; e2e specs in test/ boot the real app on a real PostgreSQL
// (one embedded cluster per run, one fresh database per test file; see test/support/).
const transform = { '^.+\\.(t|j)sx?$|^.+\\.mjs$': '<rootDir>/test/support/esm-transformer.js' };
const shared = {
  transform,
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // The service and the consumer example import the library by name; in tests that is its source.
  moduleNameMapper: {
    '^@warden/nest-auth$': '<rootDir>/packages/nest-auth/src/index.ts',
    '^@warden/nest-auth/(swagger|passport|terminus)$': '<rootDir>/packages/nest-auth/src/$1/index.ts',
  },
};

module.exports = {
  // Global, not per project: jest ignores testTimeout inside `projects`. E2E tests start real
  // servers and processes; a busy 2-core machine needs the headroom.
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/packages/*/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
